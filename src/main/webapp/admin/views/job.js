import { download, follow, get, post, session } from '../api.js';
import { badge, duration, h, notice, number, progressBar, replace, shortId, table, time, updateProgress } from '../ui.js';

const CANCELLABLE = ['queued', 'running', 'retry_scheduled', 'scheduled'];
const RETRYABLE = ['dead', 'failed', 'cancelled'];
const SETTLED = ['completed', 'failed', 'dead', 'cancelled', 'rolled_back', 'expired'];

/** One job: parameters, live progress with rate and ETA, counts, first errors, files, timeline and actions. */
export function jobDetail(main, id) {
    const stop = new AbortController();
    const view = {
        head: h('div', { class: 'job-head' }), live: h('section', { class: 'card', id: 'live' }),
        actions: h('div', { class: 'actions', id: 'actions' }), message: h('div', { id: 'action-message' }),
        facts: h('section', { class: 'card' }), errors: h('section', { class: 'card' }),
        timeline: h('section', { class: 'card', id: 'timeline' }),
        deliveries: h('section', { class: 'card', id: 'webhook-deliveries' }),
    };
    replace(main, h('p', {}, h('a', { href: '#/jobs' }, '← jobs')), view.head, view.actions, view.message,
        view.live, h('div', { class: 'columns' }, view.facts, view.errors), view.timeline, view.deliveries);
    const samples = [];
    let job = null;
    let following = null;

    const refresh = async () => {
        try {
            job = await get(`/api/jobs/${id}`);
        } catch (e) {
            replace(view.head, notice(e.status === 404 ? `Job ${id} does not exist.` : e.message));
            return;
        }
        renderHead(view, job);
        renderLive(view, job, samples);
        renderFacts(view, job);
        renderActions(view, job, refresh);
        renderTimeline(view, id);
        renderDeliveries(view, id);
        watch();
        if (job.type === 'import' && job.failedRows > 0) {
            get(`/api/${entityPath(job)}/import/${id}`).then((full) => renderErrors(view, full)).catch(() => {});
        } else {
            replace(view.errors, h('h2', {}, 'First errors'), h('p', { class: 'muted' }, 'None.'));
        }
    };
    // Follows the job's events while it is not settled. Started again whenever a refresh finds it unsettled, so a
    // job an action wakes up (a revived dead job, a completed import rolling back) moves on screen too.
    const watch = () => {
        if (following || !job || SETTLED.includes(job.status) || stop.signal.aborted) {
            return;
        }
        following = follow(`/api/jobs/${id}/events`, (name, data) => {
            const statusChanged = !job || data.status !== job.status;
            job = data;
            if (statusChanged || name === 'status') {
                refresh();
            } else {
                renderLive(view, job, samples);
                renderFacts(view, job);
            }
        }, stop.signal, 3000, () => !job || !SETTLED.includes(job.status)).finally(() => {
            following = null;
            // A refresh while the last stream was closing may have seen the job wake up again.
            watch();
        });
    };
    refresh();
    return () => stop.abort();
}

function renderHead(view, job) {
    replace(view.head, h('h1', {}, `${job.type} `, h('span', { class: 'mono' }, shortId(job.id)), ' ',
        h('span', { id: 'job-status' }, badge(job.status))),
    h('p', { class: 'muted mono small' }, job.id));
}

/** Progress, rows per second over the last samples (falling back to the average since start) and the ETA. */
function renderLive(view, job, samples) {
    const now = Date.now();
    samples.push({ at: now, rows: job.processedRows });
    while (samples.length > 10) {
        samples.shift();
    }
    let rate = 0;
    if (samples.length > 1 && samples.at(-1).at > samples[0].at) {
        rate = (samples.at(-1).rows - samples[0].rows) / ((samples.at(-1).at - samples[0].at) / 1000);
    } else if (job.startedAt) {
        rate = job.processedRows / Math.max(1, (now - new Date(job.startedAt).getTime()) / 1000);
    }
    let eta = null;
    if (job.status === 'running' && rate > 0 && job.totalRows) {
        eta = (job.totalRows - job.processedRows) / rate;
    } else if (job.status === 'running' && job.progress > 0 && job.startedAt) {
        eta = ((now - new Date(job.startedAt).getTime()) / 1000) * (100 - job.progress) / job.progress;
    }
    let bar = view.live.querySelector('.progress');
    if (!bar) {
        bar = progressBar(job.progress, 'job progress');
        bar.id = 'job-progress';
        replace(view.live, h('h2', {}, 'Progress'), bar, h('p', { class: 'rate', id: 'rate' }));
    }
    updateProgress(bar, job.progress);
    replace(view.live.querySelector('#rate'),
        `${number(job.processedRows)} of ${job.totalRows ? number(job.totalRows) : '?'} rows`,
        job.status === 'running' ? ` · ${number(Math.round(rate))} rows/s · ETA ${duration(eta)}` : '');
}

/** The API path of the job's entity: every entity's jobs have the same calls under their own path. */
function entityPath(job) {
    return job.entity === 'company' ? 'companies' : 'contacts';
}

function renderFacts(view, job) {
    const facts = [
        ['tenant', job.tenantId], ['file', job.fileName], ['file size', job.fileSize && `${number(job.fileSize)} bytes`],
        ['format', job.format], ['priority', job.priority], ['attempts', `${job.attempts} of ${job.maxAttempts}`],
        ['next attempt', job.nextAttemptAt && time(job.nextAttemptAt)], ['parent', job.parentId],
        ['created', time(job.createdAt)], ['started', time(job.startedAt)], ['ended', time(job.completedAt)],
        ['processed', number(job.processedRows)], ['created rows', number(job.createdRows)],
        ['updated rows', number(job.updatedRows)], ['skipped rows', number(job.skippedRows)],
        ['failed rows', number(job.failedRows)], ['duplicates', number(job.duplicateRows)],
        ['ignored columns', job.ignoredColumns?.join(', ')], ['failure', job.failureCode && `${job.failureCode}: ${job.failureReason}`],
        ['sha-256', job.sha256], ['expires', job.expiresAt && time(job.expiresAt)], ['entity', job.entity],
        ['run at', job.runAt && time(job.runAt)], ['schedule', job.scheduleId],
        ['backoff', job.backoff && `${job.backoff.type}, ${job.backoff.delaySeconds} s`],
        ['time limit', job.timeoutMinutes && `${job.timeoutMinutes} min`],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    const files = [];
    if (job.type === 'import' && job.errorReportAvailable) {
        files.push(h('button', { type: 'button', class: 'link', id: 'error-report', onclick: () =>
            download(`/api/${entityPath(job)}/import/${job.id}/errors`, `errors-${job.id}.csv`).catch((e) => alert(e.message)) },
        'Download the error report (CSV)'));
    }
    if (job.type === 'export' && job.status === 'completed') {
        files.push(h('button', { type: 'button', class: 'link', id: 'export-file', onclick: async () => {
            try {
                const { downloadUrl } = await get(`/api/${entityPath(job)}/export/${job.id}/download`);
                location.assign(downloadUrl);
            } catch (e) {
                alert(e.message);
            }
        } }, 'Download the export file'));
    }
    if (job.parentId) {
        files.push(h('a', { href: `#/jobs/${job.parentId}` }, 'Parent job'));
    }
    replace(view.facts, h('h2', {}, 'Parameters and counts'),
        h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])),
        files.length ? h('p', { class: 'files' }, files) : null);
}

function renderErrors(view, job) {
    const errors = job.errors || [];
    replace(view.errors, h('h2', {}, `First errors (${number(job.failedRows)} rows rejected)`),
        errors.length ? table(['row', 'column', 'code', 'message'], errors.slice(0, 20).map((e) =>
            h('tr', {}, h('td', { class: 'num' }, e.row), h('td', {}, e.column || ''), h('td', {}, e.code),
                h('td', {}, e.message)))) : h('p', { class: 'muted' }, 'None.'));
}

/** Only an admin sees action buttons; a viewer's console has none (and the API refuses it anyway). */
function renderActions(view, job, refresh) {
    if (!session.canAct) {
        replace(view.actions, h('p', { class: 'muted small', id: 'read-only' }, 'Read-only: a viewer key sees, it does not act.'));
        return;
    }
    const action = (name, label, question, path, kind = '') => h('button', {
        type: 'button', 'data-action': name, class: kind, onclick: async (event) => {
            if (!confirm(question)) {
                return;
            }
            event.target.disabled = true;
            try {
                const result = await post(path);
                replace(view.message, notice(`${label}: done${result?.id && result.id !== job.id ? ` (job ${shortId(result.id)})` : ''}.`, 'info'));
            } catch (e) {
                replace(view.message, notice(`${label} refused: ${e.message}`));
            }
            refresh();
        },
    }, label);
    const buttons = [];
    if (CANCELLABLE.includes(job.status)) {
        buttons.push(action('cancel', 'Cancel', `Cancel ${job.type} ${shortId(job.id)}? A running job stops at its next chunk.`,
            `/api/jobs/${job.id}/cancel`, 'danger'));
    }
    if (RETRYABLE.includes(job.status)) {
        const label = job.status === 'dead' ? 'Revive' : 'Retry';
        buttons.push(action('retry', label, `${label} ${job.type} ${shortId(job.id)}? It is queued again.`, `/api/jobs/${job.id}/retry`));
    }
    if (job.type === 'import' && job.status === 'completed' && !job.dryRun) {
        buttons.push(action('rollback', 'Roll back', 'Roll back this import? Contacts it created are deleted and the ones it updated get their previous values.',
            `/api/${entityPath(job)}/import/${job.id}/rollback`, 'danger'));
    }
    replace(view.actions, buttons);
}

async function renderTimeline(view, id) {
    try {
        const entries = await get(`/api/jobs/${id}/timeline`);
        replace(view.timeline, h('h2', {}, 'Timeline'), h('ol', { class: 'timeline' }, entries.map((e) =>
            h('li', { class: e.kind, 'data-kind': e.kind },
                h('time', {}, time(e.at)), ' ',
                e.kind === 'action'
                    ? [h('strong', {}, e.action), ` by ${e.role} key `, h('span', { class: 'mono', title: e.keyId }, shortId(e.keyId)),
                        ` → ${e.outcome}`, e.resultJobId ? [' ', h('a', { href: `#/jobs/${e.resultJobId}` }, shortId(e.resultJobId))] : '']
                    : [badge(e.status), ` attempt ${e.attempt}`, e.nodeId ? ` on ${e.nodeId}` : '', e.message ? ` — ${e.message}` : '']))));
    } catch (e) {
        replace(view.timeline, h('h2', {}, 'Timeline'), notice(e.message));
    }
}

/** The job's webhook deliveries (tenants' and operators' endpoints): each one's status, attempts and last answer. */
async function renderDeliveries(view, id) {
    try {
        const deliveries = await get(`/api/admin/webhooks/deliveries?jobId=${encodeURIComponent(id)}`);
        replace(view.deliveries, h('h2', {}, 'Webhook deliveries'), deliveries.length
            ? table(['event', 'status', 'attempts', 'last answer', 'recorded', 'delivered'], deliveries.map((d) =>
                h('tr', { 'data-delivery': d.id }, h('td', {}, d.event), h('td', {}, badge(d.status)),
                    h('td', { class: 'num' }, d.attempts),
                    h('td', {}, d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError || '')),
                    h('td', {}, time(d.createdAt)), h('td', {}, d.deliveredAt ? time(d.deliveredAt) : ''))))
            : h('p', { class: 'muted' }, 'None.'));
    } catch (e) {
        replace(view.deliveries, h('h2', {}, 'Webhook deliveries'), notice(e.message));
    }
}
