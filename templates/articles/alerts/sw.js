// The site's service worker (served at /sw.js by articles/alerts/views.py): it only shows breaking-news alerts.
// It caches nothing and intercepts no request; a push carries {title, body, url, tag}, encrypted for this browser.
"use strict";
var SITE_NAME = "{{ site_name|escapejs }}";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function sameOrigin(url) {
  try {
    var target = new URL(url || "/", self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", function (event) {
  var alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (error) {
    alert = { body: event.data ? event.data.text() : "" };
  }
  var title = alert.title || SITE_NAME + ": breaking news";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: alert.body || "",
      // One notification per alert: a copy that arrives twice replaces the first instead of adding a second.
      tag: alert.tag || "breaking",
      icon: "/favicon.ico",
      data: { url: sameOrigin(alert.url) }
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
