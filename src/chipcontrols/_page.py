"""The page ``chipcontrols serve`` shows at ``/``: ask a question, read the explained answer and the history."""

from __future__ import annotations

__all__ = ["PAGE"]

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>chipcontrols</title>
<style>
 body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
 form { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin-bottom: 1rem; }
 label { display: flex; flex-direction: column; font-size: .85rem; }
 input { font: inherit; padding: .3rem .4rem; width: 9rem; }
 button { font: inherit; padding: .35rem .9rem; }
 #error { color: #a00; white-space: pre-wrap; }
 .level { font-size: 1.3rem; font-weight: 600; }
 table { border-collapse: collapse; margin-top: .5rem; }
 td, th { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; vertical-align: top; }
 ul { margin: .2rem 0 .8rem; }
 .muted { color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>chipcontrols</h1>
<p class="muted">What U.S. export regime applied to an AI chip shipped to a country on a day. Not legal advice.</p>
<form id="ask">
 <label>day <input id="date" name="date" value="today" required></label>
 <label>chip <input id="chip" name="chip" value="H200" required></label>
 <label>destination <input id="country" name="country" value="CN" required></label>
 <label>buyer's headquarters <input id="hq" name="hq" placeholder="optional"></label>
 <label>as known on <input id="known_on" name="known_on" placeholder="optional"></label>
 <button id="go" type="submit">Ask</button>
</form>
<div id="error" role="alert"></div>
<section id="answer" hidden>
 <p><span class="level" id="level"></span> <span id="summary"></span></p>
 <p class="muted" id="period"></p>
 <h3>Because</h3><ul id="grounds"></ul>
 <h3>Conditions not evaluated</h3><ul id="conditions"></ul>
 <h3>Caveats</h3><ul id="caveats"></ul>
 <h3>Scheduled</h3><ul id="scheduled"></ul>
 <p class="muted" id="record"></p>
 <h3>History</h3>
 <table id="history"><thead><tr><th>period</th><th>level</th><th>review policy</th><th>began with</th></tr></thead>
 <tbody></tbody></table>
</section>
<script>
function items(id, values) {
  const ul = document.getElementById(id);
  ul.replaceChildren();
  for (const v of values.length ? values : ["none"]) {
    const li = document.createElement("li"); li.textContent = v; ul.appendChild(li);
  }
}
async function ask(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams();
  for (const k of ["date", "chip", "country", "hq", "known_on"]) {
    const v = document.getElementById(k).value.trim();
    if (v) params.set(k, v);
  }
  const error = document.getElementById("error");
  error.textContent = "";
  let r, s;
  try {
    r = await fetch("/status?" + params);
    s = await r.json();
  } catch (failure) {
    document.getElementById("answer").hidden = true;
    error.textContent = "no answer from the service: " + failure;
    return;
  }
  if (!r.ok) {
    document.getElementById("answer").hidden = true;
    const e = s.error || {message: "HTTP " + r.status};
    error.textContent = e.message + (e.close_matches ? "\\nclose matches: " + e.close_matches.join(", ") : "");
    return;
  }
  document.getElementById("answer").hidden = false;
  document.getElementById("level").textContent = s.level;
  document.getElementById("summary").textContent =
    "licence required: " + (s.license_required === null ? "undetermined" : (s.license_required ? "yes" : "no")) +
    (s.review_policy ? "; review policy: " + s.review_policy : "") +
    (s.exceptions.length ? "; licence exceptions: " + s.exceptions.join(", ") : "");
  document.getElementById("period").textContent =
    s.chip + " to " + s.country_name + " (" + s.country + "), period " + s.period.start +
    " to " + (s.period.end || "no known end");
  items("grounds", s.grounds.map(g => g.citation + ": " + g.title));
  items("conditions", s.conditions.map(c => c.text));
  items("caveats", s.caveats.map(c => "[" + c.kind + "] " + c.message));
  items("scheduled", s.scheduled.map(x => x.date + ": " + x.summary));
  document.getElementById("record").textContent =
    "record " + s.record.version + ", reviewed " + s.record.reviewed + ", sources through " + s.record.sources_through;
  const hp = new URLSearchParams({chip: s.chip, country: s.country});
  hp.append("by", "level");
  for (const k of ["hq", "known_on"]) if (params.get(k)) hp.set(k, params.get(k));
  const body = document.querySelector("#history tbody");
  body.replaceChildren();
  const hr = await fetch("/history?" + hp);
  const h = await hr.json();
  if (!hr.ok) {
    error.textContent = "history: " + h.error.message;
    return;
  }
  for (const p of h.periods) {
    const tr = document.createElement("tr");
    for (const v of [p.period.start + " – " + (p.period.end || "…"), p.status.level, p.status.review_policy || "",
                     p.caused_by.join(", ")]) {
      const td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}
document.getElementById("ask").addEventListener("submit", ask);
</script>
</body>
</html>
"""
