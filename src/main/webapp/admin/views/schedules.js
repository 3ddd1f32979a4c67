import { get, patch, session } from '../api.js';
import { h, notice, replace, shortId, time } from '../ui.js';

/**
 * Every tenant's schedules (or one tenant's, #/schedules?tenantId=): when each fires next and last, the job its
 * last firing created (linked), why a firing was skipped, and, for an admin key, pause and resume.
 */
export function scheduleList(main, params) {
    const rows = h('tbody', { id: 'schedule-rows' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
    const message = h('div');
    replace(main, h('h1', {}, 'Schedules'), message,
        h('div', { class: 'scroll' }, h('table', { id: 'schedules' }, h('thead', {}, h('tr', {},
            ['name', 'tenant', 'when', 'job', 'state', 'next run', 'last run', 'last job', 'last error', '']
                .map((t) => h('th', {}, t)))), rows)), more);
    const query = new URLSearchParams();
    if (params.get('tenantId')) {
        query.set('tenantId', params.get('tenantId'));
    }
    let cursor = null;
    const load = async () => {
        try {
            const page = await get(`/api/schedules?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            rows.append(...page.items.map((s) => row(s, message)));
            if (!rows.children.length) {
                replace(message, notice('No schedules yet.', 'info'));
            }
            cursor = page.nextCursor;
            more.hidden = !cursor;
        } catch (e) {
            replace(message, notice(e.message));
        }
    };
    more.addEventListener('click', load);
    load();
    return () => {};
}

function row(schedule, message) {
    const tr = h('tr', { 'data-schedule': schedule.id });
    const render = (s) => replace(tr,
        h('td', {}, s.name),
        h('td', { class: 'mono' }, h('a', { href: `#/schedules?tenantId=${s.tenantId}` }, shortId(s.tenantId))),
        h('td', { class: 'mono nowrap' }, `${s.cron} (${s.timeZone})`),
        h('td', {}, s.job.type),
        h('td', {}, h('span', { class: `badge ${s.paused ? 's-cancelled' : 's-running'}`, 'data-paused': String(s.paused) },
            s.paused ? 'paused' : 'active')),
        h('td', { class: 'nowrap' }, time(s.nextRunAt)),
        h('td', { class: 'nowrap' }, time(s.lastRunAt)),
        h('td', { class: 'mono' }, s.lastJobId ? h('a', { href: `#/jobs/${s.lastJobId}` }, shortId(s.lastJobId)) : '–'),
        h('td', { class: 'failure' }, s.lastError || ''),
        h('td', {}, session.canAct ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
            try {
                render(await patch(`/api/schedules/${s.id}`, { paused: !s.paused }));
            } catch (e) {
                replace(message, notice(e.message));
            }
        } }, s.paused ? 'Resume' : 'Pause') : ''));
    render(schedule);
    return tr;
}
