// The editor's desk, as progressive enhancement: autosave of the form to the
// editor's own draft store (never the article), the restore prompt after a
// crash or a closed tab, the body's word count and reading time, and the SEO
// counters and previews. Without this file the form saves as it always did.
(function () {
  "use strict";
  var QUIET_MS = 2000; // saved this long after the typing pauses...
  var MAX_WAIT_MS = 10000; // ...and at least this often while it goes on

  function formOf(desk) { return desk.closest("form"); }

  function chosenLabels(form) {
    // Autocomplete selects hold only their chosen options: keep their text to rebuild them.
    var labels = {};
    form.querySelectorAll("select[name]").forEach(function (select) {
      var chosen = {};
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        if (option.value) chosen[option.value] = option.textContent.trim();
      });
      if (Object.keys(chosen).length) labels[select.name] = chosen;
    });
    return labels;
  }

  function formPayload(form) {
    var body = new FormData();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name.indexOf("__prefix__") === -1) body.append(name, value);
    });
    return body;
  }

  function stamp() { return new Date().toTimeString().slice(0, 8); }

  // --- autosave -----------------------------------------------------------------
  function setUpAutosave(desk, form) {
    var url = desk.dataset.autosaveUrl;
    var status = desk.querySelector("[data-testid=autosave-status]");
    var prompt = desk.querySelector(".desk__restore");
    var timer = null, firstChange = 0, dirty = false, stopped = false, holding = !!prompt;

    function payload() {
      var body = formPayload(form);
      body.append("_labels", JSON.stringify(chosenLabels(form)));
      return body;
    }
    function save() {
      timer = null;
      firstChange = 0;
      if (!dirty || stopped || holding) return;
      dirty = false;
      fetch(url, { method: "POST", body: payload(), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) { status.textContent = "Draft autosaved at " + data.time + " (not published, not a revision)."; })
        .catch(function () {
          dirty = true;
          status.textContent = "The draft could not be autosaved at " + stamp() + "; it is tried again as you type.";
        });
    }
    function changed(event) {
      if (stopped || (event.target.closest && event.target.closest(".desk, .live-preview"))) return;
      dirty = true;
      if (holding) return;
      var now = Date.now();
      if (!firstChange) firstChange = now;
      clearTimeout(timer);
      timer = setTimeout(save, Math.max(0, Math.min(QUIET_MS, firstChange + MAX_WAIT_MS - now)));
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // Saving the form for real makes the autosave moot (the server forgets it on save).
    form.addEventListener("submit", function () { stopped = true; clearTimeout(timer); });
    window.addEventListener("pagehide", function () {
      if (dirty && !stopped && !holding) navigator.sendBeacon(url, payload());
    });

    if (!prompt) return;
    var draftNode = document.getElementById("desk-draft");
    var draft = draftNode ? JSON.parse(draftNode.textContent) : null;
    function settle(message) {
      prompt.remove();
      holding = false;
      status.textContent = message;
      if (dirty) changed({ target: form });
    }
    prompt.querySelector("[data-draft=restore]").addEventListener("click", function () {
      if (draft) restore(form, draft);
      settle("Your unsaved changes are back in the form. Save to keep them.");
      var first = form.querySelector("#id_headline");
      if (first) first.focus();
    });
    prompt.querySelector("[data-draft=discard]").addEventListener("click", function () {
      var body = formPayload(form);
      body.append("discard", "1");
      fetch(url, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
      settle("The unsaved changes were discarded.");
      var first = form.querySelector("#id_headline");
      if (first) first.focus();
    });
  }

  var editors = new Map();
  document.addEventListener("prose-editor:ready", function (event) {
    editors.set(event.detail.textarea, event.detail.editor);
  });

  function addRows(form, data) {
    Object.keys(data).forEach(function (name) {
      var match = /^(.*)-TOTAL_FORMS$/.exec(name);
      var total = form.elements[name];
      if (!match || !total) return;
      var wanted = parseInt(data[name][0], 10) || 0;
      var add = document.querySelector("#" + CSS.escape(match[1]) + "-group .add-row a");
      for (var guard = 0; add && parseInt(total.value, 10) < wanted && guard < 50; guard++) add.click();
    });
  }

  function restore(form, draft) {
    var data = draft.data || {}, labels = draft.labels || {};
    addRows(form, data);
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      var name = field.name;
      if (!name || field.type === "file" || field.type === "submit" || field.type === "button") return;
      if (name === "csrfmiddlewaretoken" || name.indexOf("__prefix__") !== -1) return;
      var values = data[name];
      if (field.type === "checkbox" || field.type === "radio") {
        // An unticked box is not in a form's data: absent means unticked.
        field.checked = !!values && values.indexOf(field.value) !== -1;
      } else if (!values) {
        return;
      } else if (field.tagName === "SELECT") {
        values.forEach(function (value) {
          var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
          if (!known) field.append(new Option((labels[name] || {})[value] || value, value));
        });
        Array.prototype.forEach.call(field.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else {
        var n = seen[name] || 0;
        seen[name] = n + 1;
        field.value = values[Math.min(n, values.length - 1)];
        var editor = editors.get(field);
        if (editor) editor.commands.setContent(field.value);
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // --- word count and reading time ------------------------------------------------
  function setUpWordCount(desk, form) {
    var body = form.querySelector("#id_body");
    if (!body) return;
    var perMinute = parseInt(desk.dataset.wordsPerMinute, 10) || 230;
    var out = document.createElement("p");
    out.className = "desk-wordcount";
    out.id = "id_body_wordcount";
    out.setAttribute("data-testid", "word-count");
    var row = body.closest(".form-row") || body.parentNode;
    row.append(out);
    function update() {
      // Counted as the server counts for "N min read": the text of the HTML, split on spaces.
      var text = new DOMParser().parseFromString(body.value || "", "text/html").body.textContent;
      var words = text.split(/\s+/).filter(Boolean).length;
      var minutes = Math.max(1, Math.ceil(words / perMinute));
      out.textContent = words + (words === 1 ? " word" : " words") + " · " + minutes + " min read";
    }
    body.addEventListener("input", update);
    body.addEventListener("change", update);
    update();
  }

  // --- SEO: counters and the search / social previews ---------------------------------
  function setUpCounters(form) {
    form.querySelectorAll("[data-counter]").forEach(function (field) {
      var limit = parseInt(field.dataset.counter, 10);
      var out = document.createElement("div");
      out.className = "help desk-counter"; // indented under the field like its help text
      out.id = field.id + "_counter";
      (field.closest(".flex-container") || field).after(out);
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());
      function update() {
        var n = field.value.length;
        out.textContent = n + " / " + limit + " characters" + (n > limit ? ": search engines cut the rest" : "");
        out.classList.toggle("is-over", n > limit);
      }
      field.addEventListener("input", update);
      field.addEventListener("change", update);
      update();
    });
  }

  function cut(text, limit) { return text.length > limit ? text.slice(0, limit - 1).trimEnd() + "…" : text; }

  function setUpSeoPreview(form) {
    var box = form.querySelector(".seo-preview");
    if (!box) return;
    var value = function (id) { var f = form.querySelector("#" + id); return f ? f.value.trim() : ""; };
    var part = function (name) { return box.querySelector("[data-preview=" + name + "]"); };
    var image = part("image"), shownImage = null;
    function update() {
      var description = value("id_seo_description") || value("id_summary") || "The summary, or the meta description.";
      part("title").textContent = cut((value("id_seo_title") || value("id_headline") || "The headline") + " | " + box.dataset.site, 60);
      part("description").textContent = cut(description, 160);
      part("card-title").textContent = cut(value("id_social_headline") || value("id_headline") || "The headline", 90);
      part("card-description").textContent = cut(description, 120);
      var chosen = value("id_social_image") || value("id_hero_image");
      if (chosen === shownImage) return;
      shownImage = chosen;
      if (!chosen) { image.hidden = true; return; }
      fetch(box.dataset.imageUrl.replace("/0/", "/" + encodeURIComponent(chosen) + "/"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) { image.src = data.url; image.hidden = false; })
        .catch(function () { image.hidden = true; });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var desk = document.getElementById("desk");
    if (!desk || !formOf(desk)) return;
    var form = formOf(desk);
    desk.hidden = false;
    setUpAutosave(desk, form);
    setUpWordCount(desk, form);
    setUpCounters(form);
    setUpSeoPreview(form);
  });
})();
