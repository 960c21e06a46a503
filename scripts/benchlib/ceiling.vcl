vcl 4.1;
#
# The ceiling for Varnish itself: the same varnishd, the same page's gzipped
# bytes, served from nginx's file with the builtin VCL and nothing else (no
# cookie policy, no surrogate keys, no grace logic, none of the app's
# headers). deploy/varnish/newsportal.vcl in front of the app is measured
# against it (scripts/bench.py --proxy), beside nginx serving the file.

import directors;

probe np_readyz {
    .url = "/page.html";
    .interval = 1s;
    .window = 1;
    .threshold = 1;
    .initial = 1;
}

sub vcl_init {
    new np_cluster = directors.round_robin();
    call np_add_backends;
}

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = np_cluster.backend();
}

sub vcl_backend_response {
    set beresp.ttl = 1h;
}
