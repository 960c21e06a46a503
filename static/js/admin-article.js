// The article form's comfort, as progressive enhancement: without this file
// every part still works (the server re-asks for the warnings' confirmation,
// FAQ rows keep their order by row, the reason field is always shown).
(function () {
  "use strict";

  // --- the pre-publish confirmation, inline --------------------------------
  function setUpConfirmation(form) {
    var box = form.querySelector("#id_confirm_checks");
    var panel = form.querySelector("#prepublish");
    if (!box || !panel) return;
    var pending = null;
    var ask = document.createElement("div");
    ask.className = "prepublish__ask";
    ask.hidden = true;
    ask.setAttribute("role", "alertdialog");
    ask.setAttribute("aria-label", "Publish with warnings?");
    ask.innerHTML = "<p><strong>This story has warnings (listed above).</strong> Publish it anyway?</p>";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button default";
    yes.textContent = "Publish with these warnings";
    var no = document.createElement("button");
    no.type = "button";
    no.className = "button";
    no.textContent = "Not yet";
    ask.append(yes, " ", no);
    panel.append(ask);
    form.querySelectorAll("button[data-publishing]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (box.checked) return;
        event.preventDefault();
        pending = button;
        ask.hidden = false;
        panel.classList.add("is-asking");
        panel.scrollIntoView({ block: "center" });
        yes.focus();
      });
    });
    yes.addEventListener("click", function () {
      box.checked = true;
      ask.hidden = true;
      if (pending) form.requestSubmit(pending);
    });
    no.addEventListener("click", function () {
      ask.hidden = true;
      panel.classList.remove("is-asking");
      if (pending) pending.focus();
      pending = null;
    });
  }

  // --- FAQ rows: add themselves, drag or move with the keyboard ------------
  function faqRows(group) {
    return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (row) {
      return !row.classList.contains("empty-form") && row.id;
    });
  }

  function isEmpty(row) {
    // A FAQ row is its texts; a related-story row is its chosen story (a select).
    return Array.prototype.every.call(row.querySelectorAll("input[type=text], textarea, select"), function (field) {
      return !field.value.trim();
    });
  }

  function renumber(group) {
    var next = 0;
    faqRows(group).forEach(function (row) {
      var position = row.querySelector("input.faq-position");
      if (!position) return;
      // An empty row keeps its initial value, or Django would treat it as changed and ask for its fields.
      position.value = isEmpty(row) ? position.defaultValue : next++;
    });
  }

  function addHandle(group, row) {
    if (row.querySelector(".faq-handle")) return;
    var cell = row.querySelector("td.original") || row.querySelector("td");
    var handle = document.createElement("button");
    handle.type = "button";
    handle.className = "faq-handle";
    var what = group.querySelector(".related-inline") || group.classList.contains("related-inline") ? "story" : "question";
    handle.setAttribute("aria-label", "Move this " + what + " (drag, or Alt+Arrow up/down)");
    handle.title = "Drag to reorder, or press Alt+Arrow up/down";
    handle.textContent = "⇅";
    cell.prepend(handle);
    row.draggable = false;
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    row.addEventListener("dragstart", function (event) {
      row.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("is-dragging");
      row.draggable = false;
      renumber(group);
    });
    row.addEventListener("dragover", function (event) {
      var moving = group.querySelector("tr.is-dragging");
      if (!moving || moving === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      row.parentNode.insertBefore(moving, event.clientY < box.top + box.height / 2 ? row : row.nextSibling);
    });
    row.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var rows = faqRows(group);
      var at = rows.indexOf(row);
      var to = event.key === "ArrowUp" ? at - 1 : at + 1;
      if (to < 0 || to >= rows.length) return;
      event.preventDefault();
      var focused = document.activeElement;
      row.parentNode.insertBefore(row, event.key === "ArrowUp" ? rows[to] : rows[to].nextSibling);
      renumber(group);
      if (focused) focused.focus();
    });
  }

  function setUpFaq(group) {
    var addLink = function () { return group.querySelector(".add-row a"); };
    faqRows(group).forEach(function (row) { addHandle(group, row); });
    // Typing into the last empty row brings the next one: no "Add another" clicks.
    group.addEventListener("input", function () {
      var rows = faqRows(group);
      if (rows.length && !rows.some(isEmpty) && addLink()) addLink().click();
    });
    // Enter in a question jumps to its answer; in the last answer, Ctrl+Enter to the next question.
    group.addEventListener("keydown", function (event) {
      var field = event.target;
      if (event.key !== "Enter" || event.altKey) return;
      var row = field.closest("tr.form-row");
      if (!row) return;
      if (field.name && /-question$/.test(field.name)) {
        event.preventDefault();
        row.querySelector("textarea").focus();
      } else if (field.tagName === "TEXTAREA" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var rows = faqRows(group);
        var next = rows[rows.indexOf(row) + 1];
        if (next) next.querySelector("input[type=text]").focus();
      }
    });
    document.addEventListener("formset:added", function (event) {
      var row = event.target;
      if (row.closest && row.closest(".inline-group") === group) {
        addHandle(group, row);
        renumber(group);
      }
    });
    group.closest("form").addEventListener("submit", function () { renumber(group); });
    renumber(group);
  }

  // --- slug: about 60 characters, cut between words -------------------------
  function trimSlug(slug) {
    var limit = 60;
    var value = slug.value;
    if (value.length <= limit) return;
    var head = value.slice(0, limit + 1);
    var cut = head.lastIndexOf("-");
    slug.value = (cut > 0 ? head.slice(0, cut) : value.slice(0, limit)).replace(/-+$/, "");
  }

  function setUpSlug() {
    var headline = document.getElementById("id_headline");
    var slug = document.getElementById("id_slug");
    if (!headline || !slug) return;
    // Django's prepopulate runs on the same events; trim after it.
    ["keyup", "change", "input"].forEach(function (name) {
      headline.addEventListener(name, function () { setTimeout(function () { trimSlug(slug); }, 0); });
    });
    slug.addEventListener("change", function () { trimSlug(slug); });
  }

  // --- the reason for removing a disclosure: only when one is removed -----
  function setUpDisclosureReason() {
    var row = document.querySelector(".field-disclosure_change_reason");
    if (!row) return;
    var boxes = document.querySelectorAll("input[name=disclosures], input[name=use_section_disclosure]");
    var before = Array.prototype.map.call(boxes, function (box) { return box.checked; });
    var reason = row.querySelector("textarea");
    function update() {
      var removing = Array.prototype.some.call(boxes, function (box, i) { return before[i] && !box.checked; });
      row.hidden = !removing && !(reason && reason.value.trim()) && !row.querySelector(".errorlist");
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  // --- the body editor is a labelled text box --------------------------------
  function labelBodyEditor(tries) {
    var box = document.querySelector(".field-body [contenteditable=true]");
    if (!box) {
      if (tries > 0) setTimeout(function () { labelBodyEditor(tries - 1); }, 100);
      return;
    }
    box.setAttribute("aria-label", "Body");
    box.setAttribute("aria-multiline", "true");
  }

  // --- the autocompletes' inline search boxes get their field's name ------------
  function labelAutocompletes(tries) {
    var pending = false;
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = document.querySelector('label[for="' + select.id + '"]');
      // A table row's autocomplete (a related story) has no <label>: it names itself with aria-label.
      var named = select.getAttribute("aria-label");
      if (!container || !container.classList.contains("select2")) { pending = true; return; }
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        var what = label ? label.textContent.replace(/:$/, "") : named || "choices";
        field.setAttribute("aria-label", "Search " + what);
      });
      if (named && !label) {
        // select2 names its box by the chosen text, which is empty in a new row.
        container.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach(function (box) {
          box.removeAttribute("aria-labelledby");
          box.setAttribute("aria-label", named);
        });
      } else {
        // An empty single choice has no title for its text box: it is named after its field.
        container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (box) {
          box.setAttribute("aria-label", label ? label.textContent.replace(/:$/, "") : "Choice");
        });
      }
    });
    if (pending && tries > 0) setTimeout(function () { labelAutocompletes(tries - 1); }, 100);
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelBodyEditor(50);
    labelAutocompletes(50);
    if (window.django && window.django.jQuery) {
      // select2 re-creates the search box as choices change.
      window.django.jQuery(document).on("select2:select select2:unselect select2:close", function () {
        setTimeout(function () { labelAutocompletes(0); }, 0);
      });
    }
    var form = document.getElementById("article_form");
    if (!form) return;
    setUpConfirmation(form);
    // The ordered inlines: the FAQ, and the hand-picked related stories.
    Array.prototype.forEach.call(form.querySelectorAll(".faq-inline, .related-inline"), function (inline) {
      setUpFaq(inline.closest(".inline-group") || inline);
    });
    setUpSlug();
    setUpDisclosureReason();
  });
})();
