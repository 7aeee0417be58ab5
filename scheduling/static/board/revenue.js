// The board's revenue and utilisation chart: per zone and shooting day, a bar of hours booked
// over hours open (its length the utilisation) and the day's set-hire revenue in yuan.
"use strict";

(() => {
  const { esc, api, state, $ } = Board;
  const LANG = document.body.dataset.lang === "en" ? "en" : "zh";
  const WORDS = {
    zh: {
      tab: "收入与利用率", title: "各景区每日：利用率（已订小时 / 开放小时）与场地收入（元）",
      zone: "景区", total: "合计", booked: "已订", open: "开放", revenue: "收入", error: "出错",
    },
    en: {
      tab: "Revenue and use", title: "Per zone and day: use (hours booked / hours open) and set revenue (yuan)",
      zone: "Zone", total: "Total", booked: "booked", open: "open", revenue: "revenue", error: "Error",
    },
  }[LANG];
  let loaded = null;

  $("#tab-revenue").textContent = WORDS.tab;

  function cell(zone, n) {
    const use = zone.utilisation[n];
    const width = use === null ? 0 : Math.min(100, use * 100);
    const title = `${WORDS.booked} ${zone.hours_booked[n]} h / ${WORDS.open} ${zone.hours_open[n]} h · ` +
      `${WORDS.revenue} ¥${zone.revenue[n]}`;
    return `<td class="pair${use !== null && use > 0.9 ? " over" : ""}" title="${esc(title)}">` +
      `<i class="dem" style="width:${width.toFixed(1)}%"></i>` +
      `<small>${use === null ? "—" : `${Math.round(use * 100)}%`} · ¥${esc(zone.revenue[n])}</small></td>`;
  }

  async function show() {
    if (loaded === state.day) return;
    loaded = state.day;
    const { ok, data } = await api("GET", `data/revenue?date=${state.day}&days=7`);
    if (!ok) { $("#revenue").textContent = data?.message || WORDS.error; return; }
    const head = data.days.map((d) => `<th>${esc(d.slice(5))}</th>`).join("");
    const rows = data.zones.map((z) =>
      `<tr><th>${esc(z.name)}</th>${z.revenue.map((_, n) => cell(z, n)).join("")}</tr>`).join("");
    const total = data.revenue.map((r) => `<td class="num">¥${esc(r)}</td>`).join("");
    $("#revenue").innerHTML = `<h3>${esc(WORDS.title)}</h3>` +
      `<table class="chart"><thead><tr><th>${esc(WORDS.zone)}</th>${head}</tr></thead>` +
      `<tbody>${rows}<tr><th>${esc(WORDS.total)}</th>${total}</tr></tbody></table>`;
  }

  document.addEventListener("board:tab", (e) => { if (e.detail.tab === "revenue") show(); });
  document.addEventListener("board:day", () => {
    loaded = null;
    if (document.querySelector(".tab.on")?.dataset.tab === "revenue") show();
  });
})();
