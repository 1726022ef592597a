/* KPI dashboard charts (ECharts, vendored under static/vendor/echarts).
 * Each <div data-chart="ID"> is drawn from the options in
 * <script type="application/json" id="ID"> (json_script), so no inline script. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var chart = window.echarts.init(node);
      chart.setOption(JSON.parse(source.textContent));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
