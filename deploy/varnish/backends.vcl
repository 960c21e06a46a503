# backends.vcl: the app servers Varnish balances over (include contract at the
# top of newsportal.vcl). This example is one app on 127.0.0.1:8000 (`make run`,
# or gunicorn); list one backend per gunicorn machine in production, each with
# the /readyz probe, and add each one in np_add_backends.
backend np_app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = np_readyz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

sub np_add_backends {
    np_cluster.add_backend(np_app1);
}
