/* kefu field service: the technician's phone pages (CSP-safe, no inline code).
 *
 * 1. Forms marked data-keep="<name>-<order>" keep their fields in sessionStorage
 *    until the server confirms them (the page comes back with data-sent="<name>"),
 *    so a lost connection never loses what was typed.
 * 2. The signature canvas: drawn with a finger (pointer events), sent as a PNG
 *    data URL in the hidden field named by data-target.
 * 3. A photo larger than the server's limit is refused before it is sent.
 */
(function () {
  "use strict";
  var PREFIX = "kefu.field.";
  var page = document.querySelector(".field-phone");
  var sent = page ? page.getAttribute("data-sent") || "" : "";

  function storageKey(form) { return PREFIX + form.getAttribute("data-keep"); }

  function save(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data[el.name] = el.value;
    });
    try { sessionStorage.setItem(storageKey(form), JSON.stringify(data)); } catch (e) { /* full */ }
  }

  function restore(form) {
    var raw = null;
    try { raw = sessionStorage.getItem(storageKey(form)); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "radio" || el.type === "checkbox") { el.checked = el.value === data[el.name]; }
      else { el.value = data[el.name]; }
    });
    var canvas = form.querySelector("canvas.field-signature");
    if (canvas && data[canvas.getAttribute("data-target")]) {
      var img = new Image();
      img.onload = function () { canvas.getContext("2d").drawImage(img, 0, 0); canvas.setAttribute("data-drawn", "1"); };
      img.src = data[canvas.getAttribute("data-target")];
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), function (form) {
    var name = form.getAttribute("data-keep").split("-")[0];
    if (sent && sent === name) {
      try { sessionStorage.removeItem(storageKey(form)); } catch (e) { /* ignore */ }
    } else {
      restore(form);
    }
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
    form.addEventListener("submit", function () { save(form); });
  });

  // --- the signature pad ---------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("canvas.field-signature"), function (canvas) {
    var ctx = canvas.getContext("2d");
    var form = canvas.closest("form");
    var target = form.querySelector("[name='" + canvas.getAttribute("data-target") + "']");
    var drawing = false;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#111";

    function point(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
    }
    function sync() {
      if (canvas.getAttribute("data-drawn")) { target.value = canvas.toDataURL("image/png"); save(form); }
    }
    canvas.addEventListener("pointerdown", function (ev) {
      drawing = true;
      canvas.setPointerCapture(ev.pointerId);
      var p = point(ev);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ev.preventDefault();
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drawing) return;
      var p = point(ev);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      canvas.setAttribute("data-drawn", "1");
      ev.preventDefault();
    });
    function end() { if (drawing) { drawing = false; sync(); } }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    var clear = form.querySelector("[data-clear-signature]");
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        canvas.removeAttribute("data-drawn");
        target.value = "";
        save(form);
      });
    }
    form.addEventListener("submit", sync);
  });

  // --- photo size, checked before sending -----------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("form[data-photo-limit]"), function (form) {
    form.addEventListener("submit", function (ev) {
      var input = form.querySelector("input[type=file]");
      var limit = parseInt(form.getAttribute("data-photo-limit"), 10);
      if (input && input.files.length && input.files[0].size > limit) {
        ev.preventDefault();
        var flash = document.getElementById("flash");
        if (flash) { flash.textContent = form.getAttribute("data-too-large"); }
      }
    });
  });
})();
