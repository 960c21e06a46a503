vcl 4.1;
#
# Newsportal - Varnish 7.1 in front of the Django app (deploy/varnish/README.md).
#
# Caches what the app marks public (Cache-Control s-maxage, Age), for
# readers only: /admin/, /preview/, POSTs and any request carrying Django's
# session cookie go to the app untouched. Other cookies (analytics, consent)
# are stripped, tracking parameters dropped from the URL. Pages are purged
# by surrogate key (xkey) when the app announces a content change
# (CACHE_PURGE_URLS), from the addresses in purge_acl.vcl only. A backend
# that fails or is down gives way to the stale copy (grace =
# stale-if-error); several backends are balanced round-robin, each probed
# on /readyz.
#
# -------------------------------------------------------------------------
# INCLUDE CONTRACT (generated / deployment-specific files)
# -------------------------------------------------------------------------
# Two files are included by *bare name*. Varnish resolves bare-name includes
# through the `vcl_path` parameter, NOT relative to this file (that would be
# `include "./x.vcl"`). Start varnishd with
#     -p vcl_path=<dir with your two files>:/usr/share/varnish/vcl
# (this folder ships working examples of both for one app on 127.0.0.1:8000).
#
#   purge_acl.vcl   must define exactly:
#                       acl np_purgers { "127.0.0.1"; "::1"; ... }
#                   Clients allowed to PURGE and to see debug headers.
#                   client.ip is the TCP peer: if a TLS terminator / LB on
#                   localhost forwards to Varnish, EVERY request comes from
#                   127.0.0.1 - then use the PROXY protocol (-a ...,PROXY)
#                   or a non-local ACL, otherwise the Internet can purge.
#
#   backends.vcl    included AFTER `probe np_readyz` and AFTER vcl_init
#                   (which does `new np_cluster = directors.round_robin();`).
#                   It must define:
#                     * one or more `backend <name> { ... .probe = np_readyz; }`
#                       (names must not collide with np_* symbols),
#                     * `sub np_add_backends { np_cluster.add_backend(<name>); ... }`
#                   np_add_backends is called from vcl_init. Every backend
#                   must be added (VCC rejects unused backends).
#                   If Django's ALLOWED_HOSTS does not contain the backend
#                   address, set `.host_header = "www.example.org";` so the
#                   /readyz probe is not answered with 400.
#
# Cookie convention: only Django's `sessionid` (SESSION_COOKIE_NAME) and
# `csrftoken` (CSRF_COOKIE_NAME) matter to the app. If the app renames them,
# or relies on cookie-based contrib.messages ("messages" cookie), edit
# sub np_cookie_policy below. The app's own page cache follows the same
# rule (portal/web/pagecache/keys.py): no session cookie, no bypass.
#
# Surrogate keys: the app sends each page's keys in `xkey` (and the same in
# `Surrogate-Key`, for CDNs); purges are `PURGE /` with an `xkey` header
# (portal/web/purge.py). Keys are space-separated.
#
# Internal request headers used as flags: X-Np-* (stripped from clients).
# -------------------------------------------------------------------------

import std;
import directors;
import xkey;
import cookie;      # part of Varnish core since 6.4
import purge;       # part of Varnish core; purge.hard() returns a count

probe np_readyz {
    .url = "/readyz";
    .expected_response = 200;
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    # .initial defaults to threshold - 1: the first successful probe (sent
    # immediately when the VCL is loaded) makes a backend healthy.
}

include "purge_acl.vcl";

sub vcl_init {
    new np_cluster = directors.round_robin();
    call np_add_backends;
}

include "backends.vcl";

# -------------------------------------------------------------------------
# helpers
# -------------------------------------------------------------------------

# Remove marketing parameters so they neither split the cache nor reach the
# app (analytics read them client-side from location.href).
sub np_strip_tracking {
    if (req.url ~ "[?&](utm_[A-Za-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)(=|&|$)") {
        set req.url = regsuball(req.url,
            "([?&])(utm_[A-Za-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)(=[^&#]*)?(?=&|#|$)", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&+", "?");
        set req.url = regsub(req.url, "[?&]+(#|$)", "\1");
    }
}

# Reader pages: keep only the cookies Django cares about.
sub np_cookie_policy {
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        if (cookie.isset("sessionid")) {
            # Logged-in user: never cached, all cookies forwarded untouched.
            return (pass);
        }
        cookie.keep("sessionid,csrftoken");
        # get_string() leaves a trailing ";" - trim it
        set req.http.Cookie = regsub(cookie.get_string(), "[;\s]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
}

sub np_purge {
    if (client.ip !~ np_purgers) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.xkey || req.http.Surrogate-Key) {
        # Surrogate-key purge; keys separated by spaces (and/or commas).
        std.collect(req.http.xkey, " ");
        std.collect(req.http.Surrogate-Key, " ");
        set req.http.X-Np-Keys = regsuball(
            req.http.xkey + " " + req.http.Surrogate-Key, "[,\s]+", " ");
        if (req.http.X-Purge-Mode ~ "(?i)^soft$") {
            # softpurge: ttl=0 but kept for grace -> next reader may get the
            # old copy once while it is refetched.
            set req.http.X-Np-Purged = xkey.softpurge(req.http.X-Np-Keys);
        } else {
            set req.http.X-Np-Purged = xkey.purge(req.http.X-Np-Keys);
        }
        return (synth(200, "Purged"));
    }
    # URL purge: same normalisation as a GET, then purge.hard() in
    # vcl_hit/vcl_miss so all Vary variants go and we get a count.
    call np_strip_tracking;
    return (hash);
}

# -------------------------------------------------------------------------
# client side
# -------------------------------------------------------------------------

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Np-Refresh;
        unset req.http.X-Np-Stale-Ok;
        unset req.http.X-Np-Purged;
        unset req.http.X-Np-Keys;
    }
    if (req.http.host ~ "[[:upper:]]") {
        set req.http.host = req.http.host.lower();
    }
    if (!req.http.host && req.proto == "HTTP/1.1") {
        return (synth(400));
    }
    set req.backend_hint = np_cluster.backend();

    # Grace policy (see vcl_hit). req.grace caps obj.grace for the lookup.
    if (req.http.X-Np-Refresh) {
        set req.grace = 0s;         # forced synchronous refresh
    } else {
        set req.grace = 3650d;      # i.e. "use the object's grace"
    }

    if (req.method == "PURGE") {
        call np_purge;
    }
    if (req.method != "GET" && req.method != "HEAD" &&
        req.method != "POST" && req.method != "PUT" &&
        req.method != "PATCH" && req.method != "DELETE" &&
        req.method != "OPTIONS") {
        # PRI, CONNECT, TRACE, BAN, unknown: no pipe to the app.
        return (synth(405));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    call np_cookie_policy;          # may return (pass)
    call np_strip_tracking;

    # Accept-Encoding: Varnish stores ONE gzipped copy and gunzips for the
    # rare client without gzip (http_gzip_support=on, the default). So the
    # only values that matter are "gzip" or nothing; br/deflate are ignored.
    if (req.http.Accept-Encoding) {
        if (req.http.Accept-Encoding ~ "(?i)\bgzip\b" &&
            req.http.Accept-Encoding !~ "(?i)\bgzip\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)") {
            set req.http.Accept-Encoding = "gzip";
        } else {
            unset req.http.Accept-Encoding;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Behind a TLS terminator the app builds https:// links (canonical, feeds):
    # one copy per scheme, like the app's own page cache.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    return (lookup);
}

sub vcl_hit {
    if (req.method == "PURGE") {
        set req.http.X-Np-Purged = purge.hard();
        return (synth(200, "Purged"));
    }
    if (obj.ttl >= 0s) {
        return (deliver);                       # fresh
    }
    # --- object is past its TTL but within grace ---
    if (req.http.X-Np-Stale-Ok) {
        return (deliver);                       # refresh failed: stale copy
    }
    if (!std.healthy(req.backend_hint)) {
        return (deliver);                       # all backends sick
    }
    if (obj.ttl + std.duration(obj.http.X-Np-Swr, 0s) > 0s) {
        return (deliver);                       # stale-while-revalidate: background fetch
    }
    # Backend healthy and past stale-while-revalidate: fetch synchronously.
    # (vcl_hit cannot return(miss) in 7.x, so restart with req.grace = 0s;
    # the stale object stays in cache for the stale-if-error fallback.)
    set req.http.X-Np-Refresh = "1";
    return (restart);
}

sub vcl_miss {
    if (req.method == "PURGE") {
        set req.http.X-Np-Purged = purge.hard();
        return (synth(200, "Purged"));
    }
    if (req.http.X-Np-Stale-Ok) {
        # stale copy vanished between the failed refresh and the restart
        return (synth(503, "Backend unavailable"));
    }
}

sub vcl_deliver {
    # A synchronous refresh failed but the backend still answered (should
    # not happen, vcl_backend_response abandons): fall back to stale.
    if (resp.status >= 500 && req.http.X-Np-Refresh && !req.http.X-Np-Stale-Ok) {
        unset req.http.X-Np-Refresh;
        set req.http.X-Np-Stale-Ok = "1";
        return (restart);
    }
    if (obj.uncacheable) {
        set resp.http.X-Cache = "MISS";
        set req.http.X-Np-Detail = "pass";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
        if (obj.ttl < 0s) {
            set req.http.X-Np-Detail = "stale";
        } else {
            set req.http.X-Np-Detail = "hit";
        }
    } else {
        set resp.http.X-Cache = "MISS";
        set req.http.X-Np-Detail = "miss";
    }
    if (req.http.X-Np-Debug && client.ip ~ np_purgers) {
        set resp.http.X-Cache-Detail = req.http.X-Np-Detail + " hits=" + obj.hits +
            " ttl=" + obj.ttl + " grace=" + obj.grace + " restarts=" + req.restarts;
    } else {
        unset resp.http.xkey;
        unset resp.http.X-Np-Swr;
        unset resp.http.X-Varnish;
        unset resp.http.Via;
    }
    # Age is kept (set by Varnish).
    return (deliver);
}

sub vcl_synth {
    if (resp.status == 503 && req.http.X-Np-Refresh && !req.http.X-Np-Stale-Ok &&
        req.method != "PURGE") {
        # Synchronous refresh was abandoned (5xx / backend down): serve stale.
        unset req.http.X-Np-Refresh;
        set req.http.X-Np-Stale-Ok = "1";
        return (restart);
    }
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.Content-Type = "application/json";
        set resp.http.X-Purged = req.http.X-Np-Purged;
        set resp.body = {"{"purged": "} + req.http.X-Np-Purged + {"}
"};
        return (deliver);
    }
    # otherwise: builtin error page
}

# -------------------------------------------------------------------------
# backend side
# -------------------------------------------------------------------------

sub vcl_backend_fetch {
    # X-Np-Refresh is still needed in vcl_backend_response (harmless to the
    # app); the other internal flags are not.
    unset bereq.http.X-Np-Stale-Ok;
    unset bereq.http.X-Np-Detail;
    if (bereq.method == "GET") {
        unset bereq.body;
    }
    return (fetch);
}

sub np_hitmiss {
    # hit-for-miss: not cached, later cacheable responses still are
    set beresp.ttl = 120s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    return (deliver);
}

sub vcl_backend_response {
    # Surrogate keys: vmod_xkey indexes the object by its `xkey` header(s).
    # The app sends the same keys in both headers; a backend that sends only
    # Surrogate-Key (a CDN-style app) gets them copied.
    if (beresp.http.xkey) {
        std.collect(beresp.http.xkey, " ");
    } else if (beresp.http.Surrogate-Key) {
        std.collect(beresp.http.Surrogate-Key, " ");
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # The keys are in xkey now; the server's name is nobody's business.
    unset beresp.http.Surrogate-Key;
    unset beresp.http.Server;

    if (beresp.status >= 500) {
        if (bereq.is_bgfetch || bereq.http.X-Np-Refresh) {
            # keep the stale object (client gets it via vcl_synth restart)
            return (abandon);
        }
        if (bereq.retries == 0 && beresp.status >= 502 && beresp.status <= 504 &&
            (bereq.method == "GET" || bereq.method == "HEAD")) {
            return (retry);                     # next backend in the director
        }
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    if (bereq.uncacheable) {
        return (deliver);                       # pass
    }

    # Core already parsed stale-while-revalidate into beresp.grace (or
    # default_grace when absent): remember it for vcl_hit.
    # (DURATION stringifies as "30.000"; std.duration() needs a unit.)
    set beresp.http.X-Np-Swr = beresp.grace + "s";

    # Never cache personalised or explicitly uncacheable responses.
    if (beresp.http.Set-Cookie ||
        beresp.http.Surrogate-Control ~ "(?i)no-store" ||
        (!beresp.http.Surrogate-Control &&
         beresp.http.Cache-Control ~ "(?i)(^|[,\s])(private|no-store|no-cache)") ||
        beresp.http.Vary == "*") {
        call np_hitmiss;
    }
    # Only cache what the app opted into (no default_ttl for header-less
    # Django responses).
    if (!beresp.http.Cache-Control && !beresp.http.Expires &&
        !beresp.http.Surrogate-Control) {
        call np_hitmiss;
    }
    if (beresp.ttl <= 0s) {
        call np_hitmiss;
    }

    # Grace = stale-if-error, default 24h; never below stale-while-revalidate.
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error\s*=\s*[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "(?i)^.*stale-if-error\s*=\s*([0-9]+).*$", "\1s"), 24h);
    } else {
        set beresp.grace = 24h;
    }
    if (beresp.grace < std.duration(beresp.http.X-Np-Swr, 0s)) {
        set beresp.grace = std.duration(beresp.http.X-Np-Swr, 0s);
    }

    # Not stored with a shared object: each header kept is copied into every
    # answer (tens of thousands a second on a busy day), and these say
    # nothing true about a cached copy: the app's cache state and request id
    # were those of the fetch (a pass keeps them: it answers one request).
    unset beresp.http.X-Page-Cache;
    unset beresp.http.X-Request-ID;

    # Compress text if the app did not (one gzipped object serves everyone).
    if (!beresp.http.Content-Encoding &&
        beresp.http.Content-Type ~ "(?i)^(text/|application/(json|javascript|xml|rss\+xml|atom\+xml|ld\+json)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.retries == 0 && !bereq.is_bgfetch &&
        (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);                         # try the next backend once
    }
    if (bereq.is_bgfetch || bereq.http.X-Np-Refresh) {
        return (abandon);                       # keep serving the stale copy
    }
    # otherwise: builtin 503 page, not cached
}
