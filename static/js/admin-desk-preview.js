// The live preview beside the form: the reader's page of the story as the
// form holds it, rendered by the server (never stored) and shown in a
// sandboxed frame, at desktop or phone width. Needs JS; without it the
// "Preview links" page shows the saved story.
(function () {
  "use strict";
  var DESKTOP = 1280, PHONE = 390, QUIET_MS = 500;

  function setUp(desk, panel) {
    var form = desk.closest("form");
    var toggle = desk.querySelector("[data-testid=preview-toggle]");
    var stage = panel.querySelector(".live-preview__stage");
    var frame = panel.querySelector("iframe");
    var status = panel.querySelector(".live-preview__status");
    var open = false, timer = null, busy = false, again = false;

    function fit() {
      if (stage.dataset.mode === "phone") {
        frame.style.width = PHONE + "px";
        frame.style.height = "100%";
        frame.style.transform = "";
        return;
      }
      // The desktop page at its real width, scaled down to the panel.
      var scale = Math.min(1, stage.clientWidth / DESKTOP);
      frame.style.width = DESKTOP + "px";
      frame.style.height = stage.clientHeight / scale + "px";
      frame.style.transform = "scale(" + scale + ")";
    }

    function refresh() {
      if (!open) return;
      if (busy) { again = true; return; }
      busy = true;
      var body = new FormData();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string" && name.indexOf("__prefix__") === -1) body.append(name, value);
      });
      status.textContent = "Updating…";
      fetch(desk.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var win = frame.contentWindow, y = win ? win.scrollY : 0;
          frame.addEventListener("load", function () {
            if (frame.contentWindow) frame.contentWindow.scrollTo(0, y);
          }, { once: true });
          frame.srcdoc = html;
          status.textContent = "Updated at " + new Date().toTimeString().slice(0, 8);
        })
        .catch(function () { status.textContent = "The preview could not be updated; it tries again as you type."; })
        .finally(function () {
          busy = false;
          if (again) { again = false; refresh(); }
        });
    }

    function show() {
      open = true;
      panel.hidden = false;
      document.body.classList.add("has-live-preview");
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = "Hide live preview";
      fit();
      refresh();
    }
    function hide() {
      open = false;
      panel.hidden = true;
      document.body.classList.remove("has-live-preview");
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = "Live preview";
      toggle.focus();
    }
    toggle.addEventListener("click", function () { if (open) hide(); else show(); });
    panel.querySelector("[data-preview=close]").addEventListener("click", hide);
    panel.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    panel.querySelectorAll("[data-width]").forEach(function (button) {
      button.addEventListener("click", function () {
        stage.dataset.mode = button.dataset.width;
        panel.querySelectorAll("[data-width]").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        fit();
      });
    });
    function changed(event) {
      if (!open || (event.target.closest && event.target.closest(".live-preview, .desk"))) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, QUIET_MS);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    window.addEventListener("resize", function () { if (open) fit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var desk = document.getElementById("desk"), panel = document.getElementById("live-preview");
    if (desk && panel && desk.closest("form")) setUp(desk, panel);
  });
})();
