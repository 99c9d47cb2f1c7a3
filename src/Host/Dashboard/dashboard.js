'use strict';

// The DuckDuckGoose dashboard. It reads the server-sent events of the node that served it (GET /events/stream:
// `status`, `cluster`, `election`), learns the members from the `cluster` event, and opens each member's own
// stream at the member's URL, so every row shows what that member says of itself (role, state, term) and the
// timeline holds every member's election events. Last heard and match index are only known to the Goose: they
// come from the `cluster` event of the member whose own stream says it is the Goose. Changes go to the admin
// API of the node that served the page (a Duck passes them on to the Goose), after asking for the admin token.
(() => {
  const STREAM = '/events/stream';
  const TIMELINE_ROWS = 200;
  const TIMELINE_KEPT = 1000;
  const REOPEN_MS = 2000;

  const feeds = new Map();      // member id -> feed; the served node's feed is under '' until it names itself
  const timeline = new Map();   // dedup key -> election event with the id of the member that reported it
  let token = null;             // the admin token, once a change was accepted with it; this page only

  const byId = id => document.getElementById(id);

  // ---- Feeds -------------------------------------------------------------------------------------------------

  function openFeed(key, base) {
    const feed = { key, base, source: null, status: null, cluster: null, live: false, refused: false, reopen: 0 };
    feeds.set(key, feed);
    connect(feed);
    return feed;
  }

  function connect(feed) {
    const source = new EventSource(feed.base + STREAM);
    feed.source = source;
    source.addEventListener('status', e => {
      feed.status = JSON.parse(e.data);
      feed.live = true;
      feed.refused = false;
      changed(feed);
    });
    source.addEventListener('cluster', e => {
      feed.cluster = JSON.parse(e.data);
      changed(feed);
    });
    source.addEventListener('election', e => addElection(feed, JSON.parse(e.data)));
    source.addEventListener('error', () => {
      feed.live = false;
      if (source.readyState === EventSource.CLOSED) {
        // An error answer (the node is stopping) or a member that does not let this page read its stream:
        // EventSource gives up for good, so try again later. A lost connection reconnects by itself.
        feed.refused = true;
        feed.reopen = setTimeout(() => {
          if (feeds.get(feed.key) === feed) {
            connect(feed);
          }
        }, REOPEN_MS);
      }
      render();
    });
  }

  function closeFeed(feed) {
    clearTimeout(feed.reopen);
    feed.source?.close();
    feeds.delete(feed.key);
  }

  const self = openFeed('', '');

  function changed(feed) {
    if (feed === self && self.key === '' && self.status) {
      feeds.delete('');
      const opened = feeds.get(self.status.id);
      if (opened) {
        closeFeed(opened);
      }

      self.key = self.status.id;
      feeds.set(self.key, self);
    }

    follow(view());
    render();
  }

  // Opens the stream of every member of the view that has none, and closes those of members that left.
  function follow(cluster) {
    if (!cluster || self.key === '') {
      return;
    }

    const listed = new Set(cluster.members.map(m => m.id));
    for (const member of cluster.members) {
      const base = member.url.replace(/\/+$/, '');
      const feed = feeds.get(member.id);
      if (feed === self) {
        continue;
      }

      if (feed && feed.base !== base) {
        closeFeed(feed);
      }

      if (!feeds.has(member.id) && /^https?:\/\//i.test(base)) {
        openFeed(member.id, base);
      }
    }

    for (const feed of [...feeds.values()]) {
      if (feed !== self && !listed.has(feed.key)) {
        closeFeed(feed);
      }
    }
  }

  // The live feed of the member that says it is the Goose (the newest term wins, should a cut-off one still say so).
  function gooseFeed() {
    let best = null;
    for (const feed of feeds.values()) {
      if (feed.live && feed.status?.role === 'Goose' && (!best || feed.status.term > best.status.term)) {
        best = feed;
      }
    }

    return best;
  }

  // The members: as the Goose sees them when its stream is live, else as the served node does.
  function view() {
    return gooseFeed()?.cluster ?? self.cluster;
  }

  // ---- Timeline ----------------------------------------------------------------------------------------------

  function addElection(feed, entry) {
    const member = feed.status?.id ?? feed.key;
    const key = [member, entry.at, entry.term, entry.state, entry.role, entry.reason].join('|');
    if (timeline.has(key)) {
      return;
    }

    timeline.set(key, { member, ...entry });
    if (timeline.size > TIMELINE_KEPT) {
      const oldest = [...timeline.entries()].sort((a, b) => Date.parse(a[1].at) - Date.parse(b[1].at));
      for (const [dropped] of oldest.slice(0, timeline.size - TIMELINE_KEPT)) {
        timeline.delete(dropped);
      }
    }

    renderTimeline();
  }

  function describeChange(entry) {
    if (entry.autopilot) {
      return `autopilot: ${entry.autopilot} ${entry.memberId ?? ''}`.trim();
    }

    const parts = [];
    if (entry.previousRole !== entry.role) {
      parts.push(`${entry.previousRole} → ${entry.role}`);
    }

    if (entry.previousState !== entry.state) {
      parts.push(`${entry.previousState} → ${entry.state}`);
    }

    return parts.length ? parts.join(', ') : `${entry.state}, new term`;
  }

  function renderTimeline() {
    const body = byId('timeline').tBodies[0];
    const rows = [...timeline.values()]
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .slice(0, TIMELINE_ROWS)
      .map(entry => {
        const row = document.createElement('tr');
        row.dataset.member = entry.member;
        if (entry.role === 'Goose' && entry.previousRole !== 'Goose') {
          row.className = 'became-goose';
        } else if (entry.autopilot) {
          row.className = 'autopilot';
        } else if (/handing over|hand-over|TimeoutNow/i.test(entry.reason)) {
          row.className = 'hand-over';
        }

        cell(row, new Date(entry.at).toISOString().slice(11, 23), 'time');
        cell(row, entry.member);
        cell(row, describeChange(entry));
        cell(row, entry.term, 'number');
        cell(row, entry.gooseId ?? '–');
        const heard = entry.lastHeardFromGoose ? `; the Goose's last heartbeat came at ${new Date(entry.lastHeardFromGoose).toISOString().slice(11, 23)}` : '';
        cell(row, entry.reason + heard, 'reason');
        return row;
      });
    body.replaceChildren(...rows);
  }

  // ---- Members -----------------------------------------------------------------------------------------------

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : String(text);
    if (className) {
      td.className = className;
    }

    row.appendChild(td);
    return td;
  }

  function feedState(feed) {
    if (!feed) {
      return ['not opened', 'down'];
    }

    if (feed.live) {
      return ['live', 'live'];
    }

    return feed.refused ? ['refused, retrying', 'down'] : ['reconnecting', 'down'];
  }

  function render() {
    const goose = gooseFeed();
    const cluster = view();
    const gooseView = goose?.cluster ?? null;

    // Summary.
    const gooseCell = byId('goose');
    if (goose) {
      gooseCell.textContent = goose.status.id;
      gooseCell.dataset.goose = goose.status.id;
      byId('term').textContent = goose.status.term;
    } else if (self.live && self.status?.goose) {
      gooseCell.textContent = `${self.status.goose.id} (as ${self.status.id} sees it)`;
      gooseCell.dataset.goose = self.status.goose.id;
      byId('term').textContent = self.status.term;
    } else {
      gooseCell.textContent = 'none known';
      gooseCell.dataset.goose = '';
      byId('term').textContent = self.status ? self.status.term : '–';
    }

    byId('self').textContent = self.status ? `${self.status.id} (${self.live ? self.status.role : 'not answering'})` : 'connecting…';
    byId('cluster-id').textContent = self.status?.clusterId ?? '–';

    // Priorities are in the voters' entries of any status.
    const priorities = new Map();
    for (const feed of feeds.values()) {
      for (const member of feed.status?.members ?? []) {
        priorities.set(member.id, member.priority ?? 1);
      }
    }

    const body = byId('members').tBodies[0];
    const rows = (cluster?.members ?? []).map(member => {
      const feed = feeds.get(member.id);
      const own = feed?.live ? feed.status : null;
      const heard = gooseView?.members.find(m => m.id === member.id);
      const row = document.createElement('tr');
      row.dataset.member = member.id;
      row.dataset.role = own?.role ?? '';
      if (own?.role === 'Goose') {
        row.className = 'goose';
      } else if (!feed?.live) {
        row.className = 'unreachable';
      }

      const name = cell(row, '');
      const link = document.createElement('a');
      link.textContent = member.id;
      if (/^https?:\/\//i.test(member.url)) {
        link.href = member.url.replace(/\/+$/, '') + '/dashboard';
      }

      const url = document.createElement('small');
      url.textContent = member.url;
      name.append(link, document.createElement('br'), url);

      cell(row, own?.role, 'role');
      cell(row, own?.state);
      cell(row, member.voter ? 'yes' : 'no');
      cell(row, own?.term, 'number');
      cell(row, member.voter ? priorities.get(member.id) : null, 'number');
      cell(row, heard?.lastHeardMs === null || heard?.lastHeardMs === undefined ? null : `${heard.lastHeardMs} ms ago`, 'number');
      cell(row, heard?.matchIndex, 'number');
      const [state, className] = feedState(feed);
      cell(row, state, className);

      const actions = cell(row, '');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => removeMember(member.id));
      actions.appendChild(remove);
      return row;
    });
    body.replaceChildren(...rows);

    byId('figures-note').textContent = goose
      ? `Last heard and match index as the Goose ${goose.status.id} reports them, refreshed every second.`
      : 'Last heard and match index are known to the Goose only, and no Goose’s stream is live on this page.';

    // Step-down targets: the voters other than the Goose; the choice survives redraws.
    const select = byId('step-down-target');
    const chosen = select.value;
    const targets = (cluster?.members ?? []).filter(m => m.voter && m.id !== goose?.status.id);
    const options = [new Option('the most up-to-date voter', '')].concat(targets.map(m => new Option(m.id, m.id)));
    select.replaceChildren(...options);
    select.value = targets.some(m => m.id === chosen) ? chosen : '';
  }

  // ---- Changes through the admin API -------------------------------------------------------------------------

  function askToken(purpose) {
    const dialog = byId('token-dialog');
    const input = byId('token');
    byId('token-purpose').textContent = purpose;
    input.value = token ?? '';
    return new Promise(resolve => {
      const finish = value => {
        byId('token-send').onclick = null;
        byId('token-cancel').onclick = null;
        input.onkeydown = null;
        dialog.oncancel = null;
        if (dialog.open) {
          dialog.close();
        }

        resolve(value);
      };
      byId('token-send').onclick = () => finish(input.value.trim());
      byId('token-cancel').onclick = () => finish(null);
      input.onkeydown = e => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(input.value.trim());
        }
      };
      dialog.oncancel = e => {
        e.preventDefault();
        finish(null);
      };
      dialog.showModal();
      input.focus();
    });
  }

  function showResult(kind, text) {
    const result = byId('action-result');
    result.className = kind;
    result.textContent = text;
  }

  async function act(purpose, method, path, body, describe) {
    const given = await askToken(purpose);
    if (given === null) {
      showResult('', `${purpose}: cancelled.`);
      return;
    }

    showResult('pending', `${purpose}…`);
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }

    if (given) {
      headers.Authorization = `Bearer ${given}`;
    }

    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      showResult('error', `${purpose}: the node did not answer (${error.message}).`);
      return;
    }

    let answer = null;
    try {
      answer = await response.json();
    } catch {
      // Not JSON: the status line says enough.
    }

    if (response.ok) {
      token = given;
      showResult('ok', describe(answer));
      return;
    }

    if (response.status === 401) {
      token = null;
    }

    showResult('error', `${response.status} ${answer?.title ?? response.statusText}: ${answer?.detail ?? ''}`.trim());
  }

  function stepDown(event) {
    event.preventDefault();
    const target = byId('step-down-target').value || null;
    act(
      target ? `Step down: hand leadership over to ${target}` : 'Step down: hand leadership over to the most up-to-date voter',
      'POST',
      '/cluster/step-down',
      { targetId: target },
      r => `${r.previousGoose.id} handed over to ${r.goose.id} in term ${r.term} (${Math.round(r.elapsedMs)} ms).`);
  }

  function removeMember(id) {
    act(
      `Remove ${id} from the cluster for good`,
      'DELETE',
      `/cluster/members/${encodeURIComponent(id)}`,
      undefined,
      r => r.detail);
  }

  byId('step-down').addEventListener('submit', stepDown);
  render();
})();
