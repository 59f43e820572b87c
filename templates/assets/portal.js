/* Reading modes (适老化): large text and high contrast, switched from every page and kept in
   localStorage. Loaded in <head> so a page never flashes in the wrong mode. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "portal-modes";
  var modes = { text: "large", contrast: "high" };
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function apply(state) {
    Object.keys(modes).forEach(function (name) {
      if (state[name]) { root.setAttribute("data-portal-" + name, modes[name]); }
      else { root.removeAttribute("data-portal-" + name); }
    });
    var buttons = document.querySelectorAll("[data-portal-mode]");
    for (var i = 0; i < buttons.length; i++) {
      var on = !!state[buttons[i].getAttribute("data-portal-mode")];
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }
  apply(load());
  /* Material wraps Markdown tables in a scrolling box with its own script; a box that scrolls
     must be reachable by keyboard, so each one gets a tab stop and a name when it appears. */
  function focusableScrollboxes(scope) {
    var boxes = scope.querySelectorAll ? scope.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])") : [];
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "region");
      boxes[i].setAttribute("aria-label", "表格（可横向滚动）");
    }
  }
  if (window.MutationObserver) {
    new MutationObserver(function () { focusableScrollboxes(document); })
      .observe(root, { childList: true, subtree: true });
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusableScrollboxes(document);
    apply(load());
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-portal-mode]");
      if (!button) { return; }
      var state = load();
      var name = button.getAttribute("data-portal-mode");
      state[name] = !state[name];
      try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
      apply(state);
    });
    /* The copy button beside a department's <iframe> snippet. */
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-portal-copy]");
      if (!button) { return; }
      var source = document.getElementById(button.getAttribute("data-portal-copy"));
      if (!source || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(source.textContent).then(function () {
        var status = document.getElementById(button.getAttribute("data-portal-copy") + "-status");
        if (status) { status.textContent = "已复制"; }
      });
    });
  });
})();
