import { get, post, session } from '../api.js';
import { badge, h, JOB_ENTITIES, JOB_STATUSES, JOB_TYPES, notice, number, progressBar, replace, shortId, table, time } from '../ui.js';

const FILTERS = ['q', 'type', 'status', 'tenantId', 'from', 'to', 'entity'];

/** Every job, filtered and searched, newest first, paged with the API's cursor ("Load more"). */
export function jobList(main, params) {
    const form = filterForm(params);
    const rows = h('tbody', { id: 'job-rows' });
    const more = h('button', { type: 'button', id: 'more', class: 'secondary', hidden: true }, 'Load more');
    const message = h('div');
    // The bulk retry's outcome has its own place: reloading the list (now without those jobs) must not hide it.
    const outcomeMessage = h('div', { id: 'bulk-outcome' });
    const actions = h('div', { class: 'bulk' });
    replace(main, h('h1', {}, 'Jobs'), form, actions, outcomeMessage, message,
        h('div', { class: 'scroll' }, h('table', { id: 'jobs' },
            h('thead', {}, h('tr', {}, ['created', 'type', 'entity', 'status', 'file', 'progress', 'tenant', 'failure', 'id']
                .map((t) => h('th', {}, t)))), rows)), more);

    const query = new URLSearchParams();
    for (const name of FILTERS) {
        if (params.get(name)) {
            query.set(name, name === 'from' || name === 'to' ? new Date(params.get(name)).toISOString() : params.get(name));
        }
    }
    let cursor = null;
    const load = async () => {
        more.disabled = true;
        try {
            const page = await get(`/api/jobs?${query}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            rows.append(...page.items.map(row));
            if (!rows.children.length) {
                replace(message, notice('No job matches.', 'info'));
            }
            cursor = page.nextCursor;
            more.hidden = !cursor;
        } catch (e) {
            replace(message, notice(e.message));
        } finally {
            more.disabled = false;
        }
    };
    more.addEventListener('click', load);
    if (session.canAct && params.get('status') === 'dead') {
        actions.append(h('button', { type: 'button', id: 'bulk-retry', class: 'danger', onclick: async () => {
            if (!confirm('Retry every dead job this filter selects (up to 1000)?')) {
                return;
            }
            const bulk = new URLSearchParams(query);
            bulk.delete('status');
            try {
                const outcome = await post(`/api/console/jobs/retry-dead?${bulk}`);
                replace(message);
                replace(outcomeMessage, notice(`${outcome.retried} dead jobs queued again${outcome.refused.length
                    ? `, ${outcome.refused.length} refused` : ''}${outcome.more ? '; more remain' : ''}.`, 'info'));
                rows.replaceChildren();
                cursor = null;
                load();
            } catch (e) {
                replace(outcomeMessage, notice(e.message));
            }
        } }, 'Retry all dead jobs shown'));
    }
    load();
    return () => {};
}

function row(job) {
    return h('tr', { 'data-job': job.id },
        h('td', { class: 'nowrap' }, time(job.createdAt)),
        h('td', {}, job.type),
        h('td', { class: 'entity' }, job.entity || 'contact'),
        h('td', {}, badge(job.status)),
        h('td', { class: 'file' }, job.fileName || (job.format ? `(${job.format})` : '')),
        h('td', {}, progressBar(job.progress)),
        h('td', { class: 'mono' }, shortId(job.tenantId)),
        h('td', { class: 'failure' }, job.failureReason || ''),
        h('td', { class: 'mono' }, h('a', { href: `#/jobs/${job.id}`, class: 'job-link' }, shortId(job.id))));
}

function filterForm(params) {
    const select = (name, options) => h('select', { name, 'aria-label': name },
        h('option', { value: '' }, `any ${name}`),
        options.map((o) => h('option', { value: o, selected: params.get(name) === o }, o)));
    const input = (name, attributes) => h('input', { name, value: params.get(name) || '', 'aria-label': name, ...attributes });
    return h('form', { id: 'filters', class: 'filters', onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams();
        for (const [name, value] of new FormData(event.target)) {
            if (value) {
                next.set(name, value);
            }
        }
        location.hash = `#/jobs?${next}`;
    } },
    input('q', { id: 'search', type: 'search', placeholder: 'id, file name or failure reason' }),
    select('type', JOB_TYPES), select('entity', JOB_ENTITIES), select('status', JOB_STATUSES),
    input('tenantId', { placeholder: 'tenant id', pattern: '[0-9a-fA-F-]{36}' }),
    h('label', {}, 'from ', input('from', { type: 'datetime-local' })),
    h('label', {}, 'to ', input('to', { type: 'datetime-local' })),
    h('button', { type: 'submit', id: 'search-button' }, 'Search'));
}
