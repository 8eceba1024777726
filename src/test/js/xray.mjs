// X-Ray through the AWS SDK for JavaScript v3: segments in, summaries and traces out, a filter expression, paginators,
// errors. Expected values from the X-Ray API reference and its service model (xray 2016-04-12).
import {
    BatchGetTracesCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient, paginateBatchGetTraces,
    paginateGetTraceSummaries,
} from '@aws-sdk/client-xray';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { check, client, error, pages } from './localcloud.mjs';

const xray = client(XRayClient);
const now = Date.now() / 1000;
const traceId = () => `1-${Math.floor(now).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
const segment = (trace, seconds, fields = {}) => JSON.stringify({
    name: 'js-fn', id: randomBytes(8).toString('hex'), trace_id: trace, start_time: now - 5, end_time: now - 5 + seconds, ...fields,
});

const [fast, slow, failed] = [traceId(), traceId(), traceId()];
const put = await xray.send(new PutTraceSegmentsCommand({
    TraceSegmentDocuments: [segment(fast, 0.1), segment(slow, 2.5), segment(failed, 0.2, { fault: true }), '{"name": "no id"}'],
}));
check(put.UnprocessedTraceSegments.map((u) => u.ErrorCode), ['InvalidSegment'], 'UnprocessedTraceSegments');

const window = { StartTime: new Date((now - 60) * 1000), EndTime: new Date((now + 60) * 1000) };
// paginateGetTraceSummaries follows NextToken.
const summaries = (await pages(paginateGetTraceSummaries({ client: xray }, window), 'TraceSummaries')).flat();
check(summaries.map((s) => s.Id).sort(), [fast, slow, failed].sort(), 'GetTraceSummaries');
const byId = Object.fromEntries(summaries.map((s) => [s.Id, s]));
check([byId[failed].HasFault, byId[fast].HasFault], [true, false], 'HasFault');
assert.ok(Math.abs(byId[slow].Duration - 2.5) < 0.01, `Duration ${byId[slow].Duration}`);

const filtered = (await xray.send(new GetTraceSummariesCommand({ ...window, FilterExpression: 'duration > 1' }))).TraceSummaries;
check(filtered.map((s) => s.Id), [slow], 'FilterExpression duration > 1');

const traces = (await pages(paginateBatchGetTraces({ client: xray }, { TraceIds: [fast, slow] }), 'Traces')).flat();
check(traces.map((t) => t.Id).sort(), [fast, slow].sort(), 'BatchGetTraces');
const document = JSON.parse(traces[0].Segments[0].Document);
check([document.name, document.trace_id], ['js-fn', traces[0].Id], 'the segment document as sent');
const missing = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId()] }));
check([missing.Traces, missing.UnprocessedTraceIds.length], [[], 1], 'BatchGetTraces of an unknown trace');

// Paging (issue 14): NextToken resumes after the last summary returned, so a trace that arrives between pages and sorts
// before it is neither returned twice nor makes another one repeat. X-Ray answers at most 100 summaries a page (the API
// reference); these 101 traces live an hour back, in a window of their own.
const hourAgo = now - 3600;
const oldTrace = () => `1-${Math.floor(hourAgo).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
const oldSegment = (trace, start) => JSON.stringify({
    name: 'js-paged', id: randomBytes(8).toString('hex'), trace_id: trace, start_time: start, end_time: start + 0.1,
});
const paged = Array.from({ length: 101 }, oldTrace);
await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: paged.map((t, i) => oldSegment(t, hourAgo + i / 100)) }));
const oldWindow = { StartTime: new Date((hourAgo - 60) * 1000), EndTime: new Date((hourAgo + 60) * 1000) };
const first = await xray.send(new GetTraceSummariesCommand(oldWindow));
check(first.TraceSummaries.map((s) => s.Id), paged.slice(0, 100), 'the first page: 100 summaries by start time');
await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [oldSegment(oldTrace(), hourAgo - 1)] }));
const second = await xray.send(new GetTraceSummariesCommand({ ...oldWindow, NextToken: first.NextToken }));
check([second.TraceSummaries.map((s) => s.Id), second.NextToken], [[paged[100]], undefined],
    'the second page, after a trace that sorts first arrived');
// A token X-Ray did not hand out: the model's InvalidRequestException (400).
check(await error(xray.send(new GetTraceSummariesCommand({ ...oldWindow, NextToken: 'lamb-100' }))), ['InvalidRequestException', 400],
    'GetTraceSummaries with an unknown NextToken');
// BatchGetTraces answers at most 5 traces a call; its NextToken resumes after the last one given.
const batches = await pages(paginateBatchGetTraces({ client: xray }, { TraceIds: paged.slice(0, 7) }), 'Traces');
check([batches.map((b) => b.length), batches.flat().map((t) => t.Id).sort()], [[5, 2], paged.slice(0, 7).sort()],
    'BatchGetTraces, five a page');
check(await error(xray.send(new BatchGetTracesCommand({ TraceIds: paged.slice(0, 7), NextToken: first.NextToken }))),
    ['InvalidRequestException', 400], "BatchGetTraces with GetTraceSummaries' NextToken");

check(await error(xray.send(new GetTraceSummariesCommand({ StartTime: window.EndTime, EndTime: window.StartTime }))),
    ['InvalidRequestException', 400], 'GetTraceSummaries backwards');
console.log('ok xray');
