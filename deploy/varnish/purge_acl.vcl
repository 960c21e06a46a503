# purge_acl.vcl: who may PURGE and see the debug headers (include contract at
# the top of newsportal.vcl). List the app servers' addresses: they send the
# purges (CACHE_PURGE_URLS). Never a range the Internet reaches.
acl np_purgers {
    "127.0.0.1";
    "::1";
}
