// The leaders' charts, drawn with the vendored Apache ECharts from the
// figures the board answers at /charts/data.
(function () {
  "use strict";
  var box = document.getElementById("charts");
  if (!box || !window.echarts) return;
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el, null, { renderer: "canvas" });
    option.animation = false;
    c.setOption(option);
    charts.push(c);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  fetch(box.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (f) {
      var L = f.Labels;
      document.getElementById("total").textContent = L.total;
      var grid = { left: 50, right: 20, top: 60, bottom: 40, containLabel: true };
      chart("c-volume", {
        title: { text: L["c.volume"], left: 10, top: 8, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, legend: { top: 32, type: "scroll" }, grid: grid,
        xAxis: { type: "category", data: f.Months }, yAxis: { type: "value" },
        series: (f.Volume || []).map(function (s) { return { name: s.name, type: "bar", stack: "v", data: s.data }; })
      });
      chart("c-monthcat", {
        title: { text: L["c.monthcat"], left: 10, top: 8, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data: f.MonthCategories || [] }]
      });
      chart("c-ladder", {
        title: { text: L["c.ladder"], left: 10, top: 8, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, grid: grid,
        xAxis: { type: "category", data: (f.Ladder || []).map(function (x) { return x.name; }) },
        yAxis: { type: "value" },
        series: [{ type: "bar", name: L["c.orders"], data: (f.Ladder || []).map(function (x) { return x.value; }), itemStyle: { color: "#cf222e" } }]
      });
      var units = f.Units || [];
      function pct(k) { return units.map(function (u) { return u[k] < 0 ? null : u[k]; }); }
      chart("c-units", {
        title: { text: L["c.units"], left: 10, top: 8, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, legend: { top: 32 }, grid: { left: 50, right: 20, top: 60, bottom: 10, containLabel: true },
        xAxis: { type: "category", data: units.map(function (u) { return u.unit; }), axisLabel: { rotate: 30, interval: 0 } },
        yAxis: { type: "value", max: 100 },
        series: [
          { name: L["c.ontime"], type: "bar", data: pct("on_time") },
          { name: L["c.resolved"], type: "bar", data: pct("resolved") },
          { name: L["c.satisfied"], type: "bar", data: pct("satisfied") }
        ]
      });
      var hs = (f.Hotspots || []).slice().reverse();
      chart("c-hotspots", {
        title: { text: L["c.hotspots"], left: 10, top: 8, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" }, grid: grid,
        xAxis: { type: "value" }, yAxis: { type: "category", data: hs.map(function (x) { return x.name; }) },
        series: [{ type: "bar", name: L["c.orders"], data: hs.map(function (x) { return x.value; }), itemStyle: { color: "#b7791f" } }]
      });
      box.dataset.ready = "1";
    })
    .catch(function (e) { box.textContent = String(e); });
})();
