/* kefu 客服 — the little behaviour htmx does not cover. No dependencies. */
(function () {
  "use strict";

  // Intake form: show the chosen type's categories and mark time/place required.
  function syncRequestType(form) {
    var chosen = form.querySelector('input[name="request_type"]:checked');
    if (!chosen) return;
    form.querySelectorAll(".category-group").forEach(function (group) {
      var active = group.dataset.type === chosen.value;
      group.hidden = !active;
      group.querySelectorAll("input").forEach(function (input) {
        input.disabled = !active;
        if (!active) input.checked = false;
      });
    });
    var needsTimePlace = chosen.dataset.timePlace === "1";
    var box = form.querySelector(".time-place");
    if (box) {
      box.classList.toggle("required", needsTimePlace);
      box.querySelectorAll("input").forEach(function (input) {
        input.required = needsTimePlace;
      });
    }
  }

  function syncIntake() {
    var form = document.getElementById("intake");
    if (form) syncRequestType(form);
  }
  document.addEventListener("DOMContentLoaded", syncIntake);
  window.addEventListener("pageshow", syncIntake); // back/forward cache keeps old radio states
  document.addEventListener("htmx:afterSettle", syncIntake); // the site switch re-renders the form

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "request_type" && target.form) syncRequestType(target.form);
    // A select marked data-autosubmit (e.g. the site switch) submits its form.
    if (target.hasAttribute && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
    if (target.id === "id_new_customer" && target.checked) {
      var picked = document.getElementById("caller-picked");
      if (picked) picked.innerHTML = "";
    }
  });

  // Intake form: "change" on a picked caller clears the pick.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-clear-pick]");
    if (!button) return;
    var picked = document.getElementById("caller-picked");
    if (picked) picked.innerHTML = "";
    var phone = document.getElementById("id_contact_phone");
    if (phone) phone.focus();
  });

  // The language switch returns to the URL shown now (htmx may have pushed a newer one).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("langswitch")) return;
    var next = form.querySelector('input[name="next"]');
    if (next) next.value = window.location.pathname + window.location.search;
  });

  // A session that expired answers an htmx request with the login page: go there whole.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
    }
  });

  // Errors swapped into #flash (by the server) come into view.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "flash") {
      event.detail.target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });

  // A server error (5xx) or a lost connection: say so instead of doing nothing.
  function showFlash(attribute) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var div = document.createElement("div");
    div.className = "alert alert-error";
    div.setAttribute("role", "alert");
    div.textContent = flash.dataset[attribute] || "Error";
    flash.replaceChildren(div);
    flash.scrollIntoView({ behavior: "smooth", block: "start" });
  }
  document.addEventListener("htmx:responseError", function () { showFlash("errorText"); });
  document.addEventListener("htmx:sendError", function () { showFlash("offlineText"); });
})();
