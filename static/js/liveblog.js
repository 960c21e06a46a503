// Progressive enhancement of an open live blog: every few seconds, ask for the
// live blog's current parts (one JSON answer kept by the page cache for every
// reader) and, when it holds updates this page does not show, say so with a
// button instead of moving the text under the reader's eyes. Without this file
// the page works the same: a reload shows the new updates.
(function () {
  "use strict";

  var root = document.querySelector("[data-liveblog][data-poll-url]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-poll-url");
  var seconds = Math.max(1, parseInt(root.getAttribute("data-poll-seconds"), 10) || 20);
  var notice = root.querySelector("[data-liveblog-notice]");
  var pending = null; // the newest answer not yet shown
  var timer = null;
  var etag = null;

  function shownIds() {
    var ids = {};
    root.querySelectorAll("[data-entry-id]").forEach(function (entry) {
      ids[entry.getAttribute("data-entry-id")] = true;
    });
    return ids;
  }

  function newIds(data) {
    var shown = shownIds();
    return data.ids.filter(function (id) {
      return !shown[String(id)];
    });
  }

  function hideReloadHint() {
    root.querySelectorAll("[data-liveblog-reload]").forEach(function (hint) {
      hint.hidden = true;
    });
  }

  function reveal() {
    if (!pending) {
      return;
    }
    var fresh = newIds(pending);
    Object.keys(pending.parts).forEach(function (name) {
      var part = root.querySelector('[data-liveblog-part="' + name + '"]');
      if (part) {
        part.innerHTML = pending.parts[name];
      }
    });
    hideReloadHint();
    notice.textContent = "";
    pending = null;
    // The reader asked for them: take the focus to the newest new update (it has tabindex="-1").
    var first = fresh.length ? root.querySelector('[data-entry-id="' + fresh[0] + '"]') : null;
    if (first) {
      first.focus();
    }
  }

  function announce(count) {
    var label = count === 1 ? "1 new update" : count + " new updates";
    var button = notice.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "liveblog__new";
      button.addEventListener("click", reveal);
      notice.textContent = "";
      notice.appendChild(button);
    }
    button.textContent = label;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    clearTimeout(timer);
    if (document.hidden) {
      // Nobody is reading: ask again when the tab is shown.
      return;
    }
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error("live blog updates answered " + response.status);
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) {
          var count = newIds(data).length;
          if (count > 0) {
            pending = data;
            announce(count);
          } else if (!data.open) {
            pending = data;
            reveal(); // closed: nothing new, the "ended" note replaces the live one
          }
          if (!data.open) {
            return; // coverage ended: nothing more will come
          }
        }
        schedule();
      })
      .catch(function () {
        // A failed poll is not the reader's problem: try again later, more slowly.
        timer = setTimeout(poll, seconds * 3000);
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      poll();
    }
  });
  schedule();
})();
