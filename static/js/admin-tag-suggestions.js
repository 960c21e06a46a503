// Tags as chips, with suggestions of existing tags while an editor types.
// Progressive enhancement over taggit's comma-separated field, which stays
// the form's value (hidden): without JS it is a plain text input.
(function () {
  "use strict";

  // The field's format (articles/tagging.py): comma-separated, so "São Paulo" stays one tag.
  function parse(value) {
    return unique((value || "").split(",").map(function (n) { return n.trim().replace(/^"+|"+$/g, ""); }));
  }
  function unique(names) {
    var seen = {};
    return names.map(function (n) { return n.trim(); }).filter(function (n) {
      var key = n.toLowerCase();
      if (!n || seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }
  function serialise(names) { return names.join(", "); }

  function setUp(input) {
    var url = input.dataset.suggestionsUrl;
    var names = parse(input.value);
    var box = document.createElement("div");
    box.className = "tag-chips";
    var list = document.createElement("ul");
    list.className = "tag-chips__list";
    list.setAttribute("aria-label", "Topics chosen");
    var entry = document.createElement("input");
    entry.type = "text";
    entry.id = input.id + "_entry";
    entry.className = "tag-chips__entry";
    entry.setAttribute("autocomplete", "off");
    entry.setAttribute("placeholder", "Type a tag, then Enter or a comma");
    if (input.getAttribute("aria-describedby")) entry.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    var options = document.createElement("datalist");
    options.id = input.id + "-suggestions";
    entry.setAttribute("list", options.id);
    box.append(list, entry, options);
    input.after(box);
    input.hidden = true;
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) label.htmlFor = entry.id;
    var syncing = false;

    function sync() {
      var pending = entry.value.trim();
      syncing = true;
      input.value = serialise(pending ? names.concat([pending]) : names);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      syncing = false;
    }
    function render() {
      list.replaceChildren.apply(list, names.map(function (name) {
        var chip = document.createElement("li");
        chip.className = "tag-chip";
        chip.append(name + " ");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip__remove";
        remove.setAttribute("aria-label", "Remove tag " + name);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          names = names.filter(function (n) { return n !== name; });
          render();
          sync();
          entry.focus();
        });
        chip.append(remove);
        return chip;
      }));
    }
    function add(text) {
      names = unique(names.concat(parse(text)));
      entry.value = "";
      options.replaceChildren();
      render();
      sync();
    }
    var timer = null, offered = [];
    entry.addEventListener("keydown", function (event) {
      if ((event.key === "Enter" || event.key === ",") && entry.value.trim()) {
        event.preventDefault();
        add(entry.value);
      } else if (event.key === "Enter") {
        event.preventDefault(); // an empty entry never submits the whole form
      } else if (event.key === "Backspace" && !entry.value && names.length) {
        names.pop();
        render();
        sync();
      }
    });
    entry.addEventListener("input", function (event) {
      if (entry.value.indexOf(",") !== -1) {
        var parts = entry.value.split(",");
        var rest = parts.pop();
        add(parts.join(","));
        entry.value = rest.trimStart();
      } else if (!event.inputType && offered.indexOf(entry.value) !== -1) {
        add(entry.value); // a suggestion picked from the list
        return;
      }
      sync();
      clearTimeout(timer);
      var term = entry.value.trim();
      if (!url || !term) { options.replaceChildren(); return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            offered = data.results.filter(function (n) { return names.indexOf(n) === -1; });
            options.replaceChildren.apply(options, offered.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
    entry.addEventListener("blur", function () { if (entry.value.trim()) add(entry.value); });
    // A restored draft writes the field: show what it now says.
    input.addEventListener("change", function () {
      if (syncing) return;
      names = parse(input.value);
      render();
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggestions-url]").forEach(setUp);
  });
})();
