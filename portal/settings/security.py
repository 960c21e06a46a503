"""Settings: security headers, the Content Security Policy, HTTPS, staff sign-in (imported by portal/settings)."""

from datetime import timedelta

from csp.constants import NONCE, NONE, SELF

from portal.settings import DEBUG, MEDIA_URL, SITE_NAME, _media_storage, env
from portal.web.storage import media_origin

# --- Security -----------------------------------------------------------
# Pictures and uploaded videos load from the media host too when media is on a bucket or a CDN.
MEDIA_ORIGIN = media_origin(_media_storage, MEDIA_URL)
# The privacy-enhanced video players (articles.video.PLAYER_ORIGINS): framed, and allowed fullscreen etc.
_players = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
# Embeds in article bodies (articles.body.providers.FRAME_ORIGINS): framed only once a reader presses
# "Load … content"; the page itself never names them in anything it loads.
_embeds = (
    "https://platform.twitter.com", "https://www.instagram.com", "https://embed.bsky.app",
    "https://datawrapper.dwcdn.net", "https://flo.uri.sh",
)  # fmt: skip
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MEDIA_ORIGIN] if MEDIA_ORIGIN else [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Video stories: only the privacy-enhanced players, after the reader presses play
        # (articles.video.PLAYER_ORIGINS); uploaded videos from our own media.
        "frame-src": [*_players, *_embeds],
        "media-src": [SELF, MEDIA_ORIGIN] if MEDIA_ORIGIN else [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Hosts other than SITE_URL's that a redirect (e.g. a legacy address) may lead
# to; every other off-site target is refused (portal/web/redirects.py).
REDIRECT_ALLOWED_HOSTS = env.list("REDIRECT_ALLOWED_HOSTS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# Browser features no page uses are off; the video players keep what they need
# once a reader presses play. Only names Chromium knows (or it warns on every page).
_unused_features = (
    "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "identity-credentials-get", "idle-detection", "interest-cohort", "local-fonts", "magnetometer", "microphone",
    "midi", "otp-credentials", "payment", "publickey-credentials-create", "publickey-credentials-get",
    "screen-wake-lock", "serial", "sync-xhr", "usb", "window-management", "xr-spatial-tracking",
)  # fmt: skip
_player_features = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")
PERMISSIONS_POLICY = dict.fromkeys(_unused_features, ()) | dict.fromkeys(_player_features, ("self", *_players))
# Other sites may embed nothing but uploads, which newsletter emails, feed readers
# and social previews show (portal.views.media; the web server in production).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# --- Staff logins (portal/logins; README "Staff logins") ------------------
# django-axes counts failed sign-ins in the database. A sign-in is refused for
# AXES_COOLOFF_TIME once an account has failed STAFF_LOGIN_FAILURE_LIMIT times
# from one address, or an address STAFF_LOGIN_ADDRESS_FAILURE_LIMIT times for
# any accounts. Never the account alone: anyone anywhere could then keep an
# editor out. Unlock: "Access attempts" in the admin, or manage.py axes_reset*.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "portal.logins.lockout.StaffLoginHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("STAFF_LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STAFF_LOGIN_COOLOFF_MINUTES", default=15))
# A try during a lockout does not extend it, so every lock ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The same client address as the rest of the site (NEWSLETTER_CLIENT_IP_HEADER behind a proxy).
AXES_CLIENT_IP_CALLABLE = "portal.logins.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "portal.logins.views.locked_out"
# Every failure is kept for the administrators' audit ("Access failures"), pruned by `axes_reset_failure_logs`.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
AXES_VERBOSE = False  # no start-up banner on every manage.py command
# Staff may add a time-based one-time password (TOTP) app; with
# STAFF_REQUIRE_2FA those who manage accounts (Administrators, superusers) must.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = SITE_NAME
# Administrators see who has a device and can remove a lost one, never its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
