// Breaking-news alerts: the alerts page's opt-in (templates/articles/alerts/includes/optin.html). Shown only where the
// browser can take push notifications. No cookie and no storage of ours: the browser's push subscription is the
// state, and the server keeps only its endpoint, keys and chosen sections (POSTed as JSON, no credentials).
(function () {
  "use strict";
  var box = document.querySelector("[data-alerts-key]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  if (!window.fetch || !window.isSecureContext) return;
  var form = box.querySelector("form");
  var on = box.querySelector(".alerts-optin__on");
  var off = box.querySelector(".alerts-optin__off");
  var status = box.querySelector(".alerts-optin__status");
  var ON_LABEL = on.textContent;
  var unsupported = document.querySelector("[data-alerts-unsupported]");
  if (unsupported) unsupported.hidden = true;  // this browser can: the page's "you need..." note goes
  box.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function keyBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (data) {
        if (!response.ok) throw new Error(data.error || "The site could not take your request. Please try again.");
        return data;
      });
    });
  }

  function show(subscribed) {
    on.textContent = subscribed ? "Update my alert sections" : ON_LABEL;
    off.hidden = !subscribed;
  }

  function chosen() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=section]:checked"), function (box) {
      return box.value;
    });
  }

  function busy(flag) {
    on.disabled = flag;
    off.disabled = flag;
  }

  var ready = navigator.serviceWorker
    .register(box.getAttribute("data-alerts-worker"), { scope: "/" })
    .then(function () {
      return navigator.serviceWorker.ready;
    });
  ready
    .then(function (registration) {
      return registration.pushManager.getSubscription();
    })
    .then(function (subscription) {
      show(Boolean(subscription));
    })
    .catch(function () {
      box.hidden = true; // no service worker here (a private window may refuse it): nothing to offer
    });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    busy(true);
    say("Asking your browser for permission…");
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          throw new Error("Notifications are blocked for this site. Allow them in your browser's settings to get alerts.");
        }
        return ready;
      })
      .then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(box.getAttribute("data-alerts-key"))
          });
        });
      })
      .then(function (subscription) {
        var data = typeof subscription.toJSON === "function" ? subscription.toJSON() : subscription;
        return post(box.getAttribute("data-alerts-subscribe"), { subscription: data, sections: chosen() });
      })
      .then(function (data) {
        show(true);
        say(data.message || "Alerts are on.");
      })
      .catch(function (error) {
        // The browser's own errors (DOMException: its push service refused or is unreachable) are not for readers.
        var ours = !(window.DOMException && error instanceof window.DOMException) && error.message;
        say(ours || "This browser could not set up alerts (its push service did not answer). Please try again later.");
      })
      .then(function () {
        busy(false);
      });
  });

  off.addEventListener("click", function () {
    busy(true);
    ready
      .then(function (registration) {
        return registration.pushManager.getSubscription();
      })
      .then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.getAttribute("data-alerts-unsubscribe"), { endpoint: endpoint });
        });
      })
      .then(function () {
        show(false);
        say("Alerts are off in this browser.");
      })
      .catch(function (error) {
        say(error.message || "Alerts could not be turned off. Please try again.");
      })
      .then(function () {
        busy(false);
      });
  });
})();
