// X-Ray through the AWS SDK for JavaScript v3: segments in, summaries and traces out, a filter expression, paginators,
// errors; page tokens that resume after the last item and GetServiceGraph (issue 14). Expected values from the X-Ray
// API reference and its service model (xray 2016-04-12).
import {
    BatchGetTracesCommand, GetSamplingRulesCommand, GetServiceGraphCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand,
    XRayClient, paginateBatchGetTraces, paginateGetServiceGraph, paginateGetTraceSummaries,
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

// GetServiceGraph (X-Ray API reference): services as nodes, calls as edges with their summary statistics. An API calls
// DynamoDB (throttled: an error) and a worker whose segment answers the call; js-fn's traces have no callers.
const graphTrace = traceId();
const [apiId, dynamoId, callId] = [randomBytes(8).toString('hex'), randomBytes(8).toString('hex'), randomBytes(8).toString('hex')];
await xray.send(new PutTraceSegmentsCommand({
    TraceSegmentDocuments: [
        JSON.stringify({
            name: 'js-api', id: apiId, trace_id: graphTrace, start_time: now - 4, end_time: now - 3, origin: 'AWS::EC2::Instance',
            subsegments: [
                { id: dynamoId, name: 'DynamoDB', namespace: 'aws', start_time: now - 3.9, end_time: now - 3.8, error: true, throttle: true },
                { id: callId, name: 'js-worker', namespace: 'remote', start_time: now - 3.7, end_time: now - 3.2 },
            ],
        }),
        segment(graphTrace, 0.4, { name: 'js-worker', parent_id: callId }),
    ],
}));
const services = (await pages(paginateGetServiceGraph({ client: xray }, window), 'Services')).flat();
const byName = Object.fromEntries(services.map((service) => [service.Name, service]));
check(Object.keys(byName).sort(), ['DynamoDB', 'js-api', 'js-fn', 'js-worker'], 'GetServiceGraph services');
const { 'js-api': api, DynamoDB: dynamo, 'js-worker': worker, 'js-fn': fn } = byName;
check([api.Root, worker.Root, fn.Root, api.Type, dynamo.Type], [true, false, true, 'AWS::EC2::Instance', 'AWS::DynamoDB'], 'Root and Type');
check(api.Edges.map((e) => e.ReferenceId).sort(), [dynamo.ReferenceId, worker.ReferenceId].sort(), 'edges of js-api');
const toDynamo = api.Edges.find((e) => e.ReferenceId === dynamo.ReferenceId).SummaryStatistics;
check([toDynamo.OkCount, toDynamo.ErrorStatistics, toDynamo.TotalCount], [0, { ThrottleCount: 1, OtherCount: 0, TotalCount: 1 }, 1],
    'the throttled call to DynamoDB');
check([fn.SummaryStatistics.OkCount, fn.SummaryStatistics.FaultStatistics.TotalCount, fn.SummaryStatistics.TotalCount], [2, 1, 3],
    'js-fn statistics');
check(fn.Edges, [], 'a service that calls nothing');
assert.ok(api.StartTime instanceof Date && api.EndTime instanceof Date, `StartTime ${api.StartTime}`);
check(await error(xray.send(new GetServiceGraphCommand({ StartTime: window.EndTime, EndTime: window.StartTime }))),
    ['InvalidRequestException', 400], 'GetServiceGraph backwards');
check(await error(xray.send(new GetServiceGraphCommand({ ...window, NextToken: 'lamb-1' }))), ['InvalidRequestException', 400],
    'GetServiceGraph with a NextToken it did not hand out');
// An operation the local cloud does not serve answers 400 NotImplemented, which the SDK reads as the error's name.
check(await error(xray.send(new GetSamplingRulesCommand({}))), ['NotImplemented', 400], 'an operation not served');

// Paging (issue 14): NextToken resumes after the last summary returned, in the order traces were first recorded, so a
// trace that arrives between pages comes after the others, and a late segment that starts a trace earlier (an SDK's
// client segment) neither makes a trace returned repeat nor one not yet returned skip. X-Ray answers at most 100 summaries a page (the API
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
check(first.TraceSummaries.map((s) => s.Id), paged.slice(0, 100), 'the first page: 100 summaries in the order recorded');
const late = oldTrace();
await xray.send(new PutTraceSegmentsCommand({
    TraceSegmentDocuments: [oldSegment(late, hourAgo - 1), oldSegment(paged[3], hourAgo - 2), oldSegment(paged[100], hourAgo - 2)],
}));
const second = await xray.send(new GetTraceSummariesCommand({ ...oldWindow, NextToken: first.NextToken }));
check([second.TraceSummaries.map((s) => s.Id), second.NextToken], [[paged[100], late], undefined],
    'the second page, after late segments started a returned and an unreturned trace earlier');
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
