// The board's script: live countdowns, and live updates by server-sent
// events. No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  var body = document.body;
  var zh = (body.dataset.lang || "").indexOf("zh") === 0;
  var prefix = body.dataset.prefix || "";

  function span(ms) {
    var m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), mm = m % 60;
    var s = Math.floor(Math.abs(ms) / 1000) % 60;
    if (zh) return (d ? d + "天" : "") + (d || h ? h + "小时" : "") + mm + "分" + (d ? "" : s + "秒");
    return (d ? d + "d " : "") + (d || h ? h + "h " : "") + mm + "m" + (d ? "" : " " + s + "s");
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      if (!el.dataset.due) return;
      var left = Date.parse(el.dataset.due) - now;
      el.classList.toggle("late", left < 0);
      el.classList.toggle("soon", left >= 0 && left < 3600000);
      el.textContent = left < 0 ? (zh ? "超时 " : "late ") + span(left) : span(left);
      var row = el.closest("tr[data-id]");
      var warned = el.dataset.warn && Date.parse(el.dataset.warn) <= now;
      if (row && left < 0 && !row.classList.contains("lv-overdue")) {
        row.classList.remove("lv-normal", "lv-warning");
        row.classList.add("lv-overdue");
      } else if (row && warned && row.classList.contains("lv-normal")) {
        row.classList.replace("lv-normal", "lv-warning");
      }
    });
  }
  tick();
  setInterval(tick, 1000);

  // Forms being filled in are not replaced by a refresh.
  var dirty = new WeakSet();
  document.addEventListener("input", function (e) {
    var f = e.target.closest && e.target.closest("form");
    if (f) dirty.add(f);
  });

  function busy(el) {
    if (el.contains(document.activeElement) && document.activeElement !== document.body) return true;
    var forms = el.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) if (dirty.has(forms[i])) return true;
    return false;
  }

  var pending = null;
  function refresh() {
    if (pending) return;
    var url = new URL(location.href);
    url.searchParams.delete("done");
    pending = fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        doc.querySelectorAll("[data-live][id]").forEach(function (fresh) {
          var old = document.getElementById(fresh.id);
          if (old && !busy(old)) old.replaceWith(document.importNode(fresh, true));
        });
        // A flash about an earlier step no longer describes the page.
        document.querySelectorAll("p.flash").forEach(function (el) { el.remove(); });
        tick();
        body.dataset.refreshed = String(Date.now());
      })
      .catch(function () {})
      .then(function () { pending = null; });
  }

  function toast(msg) {
    var box = document.getElementById("toast");
    if (!box) return;
    var d = document.createElement("div");
    d.textContent = msg;
    box.appendChild(d);
    setTimeout(function () { d.remove(); }, 4000);
  }

  if (window.EventSource && body.dataset.page !== "") {
    var live = document.getElementById("live");
    var es = new EventSource(prefix + "/events");
    es.onopen = function () { if (live) live.classList.replace("off", "on"); };
    es.onerror = function () { if (live) live.classList.replace("on", "off"); };
    es.addEventListener("step", function (e) {
      var ev;
      try { ev = JSON.parse(e.data); } catch (err) { return; }
      var page = body.dataset.page;
      if (page === "order" && body.dataset.order !== ev.id) return;
      if (page === "charts") return;
      toast(ev.id + " · " + (ev.step_name || ev.kind) + " → " + (ev.state_name || ev.state));
      refresh();
    });
  }
})();
