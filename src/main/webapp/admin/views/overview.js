import { follow, get } from '../api.js';
import { badge, duration, h, JOB_STATUSES, notice, number, progressBar, replace, shortId, table, time } from '../ui.js';

/** Counts by type × status, queue depth, failure rate, the last hour's throughput and the running jobs, live. */
export function overview(main) {
    const body = h('div', { id: 'overview' }, h('p', { class: 'muted' }, 'Loading…'));
    replace(main, h('h1', {}, 'Overview'), body);
    const stop = new AbortController();
    const nodes = h('section', { class: 'card', id: 'nodes' }, h('h2', {}, 'Nodes'), h('p', { class: 'muted' }, 'Loading…'));
    let nodesAt = 0;
    const render = (data) => {
        // The node list has no stream of its own: it is read again with an overview update, at most every 5 s.
        if (Date.now() - nodesAt >= 5000) {
            nodesAt = Date.now();
            get('/api/admin/nodes').then((list) => replace(nodes, h('h2', {}, 'Nodes'), nodeTable(list)))
                .catch((e) => replace(nodes, h('h2', {}, 'Nodes'), notice(e.message)));
        }
        replace(body, ...content(data, nodes));
    };
    get('/api/console/overview').then(render).catch((e) => replace(body, notice(e.message)));
    follow('/api/console/events', (name, data) => name === 'overview' && render(data), stop.signal);
    return () => stop.abort();
}

function content({ stats, failureRate, running, lastHour, at }, nodes) {
    const tiles = h('div', { class: 'tiles' },
        tile('Queue depth', number(stats.queueDepth), 'queue-depth'),
        tile('Running', number(stats.running), 'running-count'),
        tile('Dead', number(stats.dead), 'dead-count', stats.dead > 0 ? 'warn' : ''),
        tile('Failed', number(stats.failed), 'failed-count', stats.failed > 0 ? 'warn' : ''),
        tile('Done last hour', number(stats.jobsCompletedLastHour), 'done-hour'),
        tile('Failure rate (1 h)', `${(failureRate * 100).toFixed(1)}%`, 'failure-rate', failureRate > 0.1 ? 'warn' : ''),
        tile('Rows / min', number(stats.rowsPerMinute), 'rows-minute'));
    return [
        tiles,
        h('section', { class: 'card' }, h('h2', {}, 'Running jobs'), runningJobs(running)),
        h('section', { class: 'card' }, h('h2', {}, 'Throughput, last hour (rows per minute)'), chart(lastHour)),
        h('section', { class: 'card' }, h('h2', {}, 'Jobs by type and status'), matrix(stats.counts)),
        nodes,
        h('p', { class: 'muted small' }, `Updated ${new Date(at).toLocaleTimeString()}`),
    ];
}

function tile(label, value, id, kind = '') {
    return h('a', { class: `tile ${kind}`, id, href: id === 'dead-count' ? '#/jobs?status=dead'
        : id === 'failed-count' ? '#/jobs?status=failed'
        : id === 'running-count' ? '#/jobs?status=running' : '#/jobs' },
    h('span', { class: 'value' }, value), h('span', { class: 'label' }, label));
}

function runningJobs(running) {
    if (!running.length) {
        return h('p', { class: 'muted' }, 'Nothing is running.');
    }
    return h('ul', { class: 'running' }, running.map(({ job, rowsPerSecond, etaSeconds }) =>
        h('li', { 'data-job': job.id },
            h('div', { class: 'line' },
                h('a', { href: `#/jobs/${job.id}` }, `${job.type} ${shortId(job.id)}`),
                h('span', { class: 'file' }, job.fileName || job.format || ''),
                h('span', { class: 'muted' }, `${number(rowsPerSecond)} rows/s · ETA ${duration(etaSeconds)}`)),
            progressBar(job.progress, `progress of ${job.id}`))));
}

/** The nodes by their heartbeats (GET /api/admin/nodes): a silent one has stopped beating (stopped, killed, cut off). */
function nodeTable(list) {
    if (!list.length) {
        return h('p', { class: 'muted' }, 'No node has beaten yet.');
    }
    return table(['node', 'state', 'started', 'last heartbeat', 'running jobs'], list.map((n) => h('tr', { 'data-node': n.node },
        h('th', {}, n.node),
        h('td', {}, h('span', { class: `badge ${n.alive ? 's-completed' : 's-dead'}`, 'data-state': n.alive ? 'alive' : 'silent' },
            n.alive ? 'alive' : 'silent')),
        h('td', {}, time(n.startedAt)),
        h('td', {}, time(n.lastHeartbeatAt)),
        h('td', { class: 'num' }, number(n.runningJobs)))));
}

function matrix(counts) {
    const types = [...new Set(counts.map((c) => c.type))].sort();
    const statuses = JOB_STATUSES.filter((s) => counts.some((c) => c.status === s));
    if (!types.length) {
        return h('p', { class: 'muted' }, 'No jobs yet.');
    }
    const count = (type, status) => counts.find((c) => c.type === type && c.status === status)?.jobs || 0;
    return table(['type', ...statuses.map((s) => badge(s))], types.map((type) => h('tr', {},
        h('th', {}, type),
        statuses.map((status) => {
            const n = count(type, status);
            return h('td', { class: 'num' }, n ? h('a', { href: `#/jobs?type=${type}&status=${status}` }, number(n)) : '·');
        }))));
}

/** Rows per minute over the last 60 minutes as SVG bars; failed jobs mark their minute in red. */
function chart(minutes) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 600 120');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    const now = Math.floor(Date.now() / 60000);
    const byMinute = new Map(minutes.map((m) => [Math.floor(new Date(m.minute).getTime() / 60000), m]));
    const max = Math.max(1, ...minutes.map((m) => m.rows));
    let label = 'No jobs ended in the last hour';
    if (minutes.length) {
        label = `${number(minutes.reduce((a, m) => a + m.rows, 0))} rows in ${minutes.reduce((a, m) => a + m.completed, 0)} jobs`;
    }
    svg.setAttribute('aria-label', label);
    for (let i = 0; i < 60; i++) {
        const m = byMinute.get(now - 59 + i);
        const height = m ? Math.max(2, (m.rows / max) * 100) : 0;
        const bar = document.createElementNS(ns, 'rect');
        bar.setAttribute('x', i * 10 + 1);
        bar.setAttribute('width', 8);
        bar.setAttribute('y', 110 - height);
        bar.setAttribute('height', height);
        bar.setAttribute('class', m && m.failed ? 'bar failed' : 'bar');
        if (m) {
            const title = document.createElementNS(ns, 'title');
            title.textContent = `${new Date(m.minute).toLocaleTimeString()}: ${m.rows} rows, ${m.completed} done, ${m.failed} failed`;
            bar.append(title);
        }
        svg.append(bar);
    }
    const axis = document.createElementNS(ns, 'line');
    Object.entries({ x1: 0, x2: 600, y1: 110.5, y2: 110.5, class: 'axis' }).forEach(([k, v]) => axis.setAttribute(k, v));
    svg.append(axis);
    return h('figure', {}, svg, h('figcaption', { class: 'muted small' }, `${label} · 60 min ago → now`));
}
