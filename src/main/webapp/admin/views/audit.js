import { get } from '../api.js';
import { h, notice, replace, shortId, table, time } from '../ui.js';

/**
 * Every action anyone took on a job: who (key id and role), what, when, on which job, and the answer. Narrowed to
 * one job (#/audit?jobId=) or one key (#/audit?keyId=, a key's id links there).
 */
export function auditLog(main, params) {
    const rows = h('tbody', { id: 'audit-rows' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
    const message = h('div');
    replace(main, h('h1', {}, 'Audit trail'), message,
        h('div', { class: 'scroll' }, h('table', { id: 'audit' }, h('thead', {}, h('tr', {},
            ['when', 'key', 'role', 'action', 'job', 'result', 'started'].map((t) => h('th', {}, t)))), rows)), more);
    const query = new URLSearchParams();
    for (const name of ['jobId', 'keyId']) {
        if (params.get(name)) {
            query.set(name, params.get(name));
        }
    }
    if ([...query].length) {
        replace(message, h('p', { class: 'muted', id: 'audit-filter' }, `Only ${[...query].map(([k, v]) => `${k} ${v}`).join(', ')} · `,
            h('a', { href: '#/audit' }, 'every action')));
    }
    let cursor = null;
    const load = async () => {
        try {
            const page = await get(`/api/admin/audit?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            rows.append(...page.items.map((a) => h('tr', {},
                h('td', { class: 'nowrap' }, time(a.at)),
                h('td', { class: 'mono', title: a.keyId }, h('a', { href: `#/audit?keyId=${a.keyId}` }, shortId(a.keyId))),
                h('td', {}, a.role),
                h('td', {}, a.action),
                h('td', { class: 'mono' }, a.jobId ? h('a', { href: `#/jobs/${a.jobId}` }, shortId(a.jobId)) : ''),
                h('td', { class: a.outcome < 300 ? 'ok' : 'bad' }, String(a.outcome)),
                h('td', { class: 'mono' }, a.resultJobId ? h('a', { href: `#/jobs/${a.resultJobId}` }, shortId(a.resultJobId)) : ''))));
            if (!rows.children.length) {
                message.append(notice('No actions recorded yet.', 'info'));
            }
            cursor = page.nextCursor;
            more.hidden = !cursor;
        } catch (e) {
            message.append(notice(e.message));
        }
    };
    more.addEventListener('click', load);
    load();
    return () => {};
}
