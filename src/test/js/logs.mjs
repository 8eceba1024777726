// CloudWatch Logs through the AWS SDK for JavaScript v3: groups, streams, events, retention, tags, paginators, errors;
// JSON and space-delimited filter patterns, the tagging operations and an unknown operation (issue 14). Expected values
// from the CloudWatch Logs API reference (its "Filter pattern syntax" examples) and its service model (logs 2014-03-28).
import {
    CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand,
    DescribeLogStreamsCommand, DescribeMetricFiltersCommand, FilterLogEventsCommand, GetLogEventsCommand,
    ListTagsForResourceCommand, ListTagsLogGroupCommand, PutLogEventsCommand, PutRetentionPolicyCommand,
    ResourceAlreadyExistsException, StartLiveTailCommand, TagLogGroupCommand, TagResourceCommand, UntagLogGroupCommand,
    UntagResourceCommand, paginateDescribeLogGroups, paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import assert from 'node:assert/strict';
import { ACCOUNT, check, client, error, pages } from './localcloud.mjs';

const logs = client(CloudWatchLogsClient);
const now = Date.now();

await logs.send(new CreateLogGroupCommand({ logGroupName: '/js/app', tags: { team: 'lamb' } }));
await logs.send(new CreateLogGroupCommand({ logGroupName: '/js/other' }));
try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/js/app' }));
    assert.fail('CreateLogGroup again succeeded');
} catch (e) {
    assert.ok(e instanceof ResourceAlreadyExistsException, `CreateLogGroup again: ${e}`);
    check([e.name, e.$metadata.httpStatusCode], ['ResourceAlreadyExistsException', 400], 'CreateLogGroup again');
}
await logs.send(new CreateLogStreamCommand({ logGroupName: '/js/app', logStreamName: 's1' }));
check(await error(logs.send(new CreateLogStreamCommand({ logGroupName: '/js/none', logStreamName: 's1' }))),
    ['ResourceNotFoundException', 400], 'CreateLogStream in no group');

await logs.send(new PutLogEventsCommand({
    logGroupName: '/js/app', logStreamName: 's1', logEvents: [
        { timestamp: now - 2000, message: 'START one' },
        { timestamp: now - 1000, message: 'ERROR two' },
        { timestamp: now, message: 'END three' }],
}));
const events = (await logs.send(new GetLogEventsCommand({ logGroupName: '/js/app', logStreamName: 's1', startFromHead: true }))).events;
check(events.map((e) => e.message), ['START one', 'ERROR two', 'END three'], 'GetLogEvents');
check(events[0].timestamp, now - 2000, 'timestamp');

// paginateFilterLogEvents follows nextToken; a term of the filter pattern matches within a message.
const found = (await pages(paginateFilterLogEvents({ client: logs }, { logGroupName: '/js/app', filterPattern: 'ERROR' }), 'events')).flat();
check(found.map((e) => [e.message, e.logStreamName]), [['ERROR two', 's1']], 'FilterLogEvents ERROR');

await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/js/app', retentionInDays: 7 }));
check(await error(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/js/app', retentionInDays: 8 }))),
    ['InvalidParameterException', 400], 'a retention Logs does not offer');
const arn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/js/app`;
check((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'lamb' }, 'ListTagsForResource');

// paginateDescribeLogGroups follows nextToken with limit as the page size: two groups, one to a page.
const groups = await pages(paginateDescribeLogGroups({ client: logs, pageSize: 1 }, { logGroupNamePrefix: '/js/' }), 'logGroups');
check(groups.map((page) => page.map((g) => g.logGroupName)), [['/js/app'], ['/js/other']], 'DescribeLogGroups pages');
check(groups[0][0].retentionInDays, 7, 'retentionInDays');
check(groups[0][0].arn, `${arn}:*`, 'arn');
const streams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/js/app' }))).logStreams;
check(streams.map((s) => s.logStreamName), ['s1'], 'DescribeLogStreams');

// Paging (issue 14): each listing's nextToken is its own; another listing's is refused as the model's
// InvalidParameterException (400).
await logs.send(new CreateLogGroupCommand({ logGroupName: '/js-paging' }));
for (const name of ['a', 'b']) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/js-paging', logStreamName: name }));
}
const firstStreams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/js-paging', limit: 1 }));
check([firstStreams.logStreams.map((s) => s.logStreamName), typeof firstStreams.nextToken], [['a'], 'string'],
    'DescribeLogStreams, one a page');
check((await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/js-paging', nextToken: firstStreams.nextToken })))
    .logStreams.map((s) => s.logStreamName), ['b'], 'DescribeLogStreams, the next page');
check(await error(logs.send(new DescribeLogGroupsCommand({ nextToken: firstStreams.nextToken }))),
    ['InvalidParameterException', 400], "DescribeLogGroups with DescribeLogStreams' nextToken");
const groupsToken = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/js', limit: 1 }))).nextToken;
check(await error(logs.send(new FilterLogEventsCommand({ logGroupName: '/js-paging', nextToken: groupsToken }))),
    ['InvalidParameterException', 400], "FilterLogEvents with DescribeLogGroups' nextToken");
await logs.send(new DeleteLogGroupCommand({ logGroupName: '/js-paging' }));

// StartLiveTail answers an event stream: sessionStart, then sessionUpdates with the events the pattern matches, in the
// filter pattern syntax FilterLogEvents takes (issue 14: a JSON pattern here). Its model's endpoint host prefix
// ("stream-") cannot reach an address, so the client turns host prefixes off.
const tail = client(CloudWatchLogsClient, { disableHostPrefix: true });
// A session streams until its client ends it: the abort signal closes the connection.
const ending = new AbortController();
const ERRORS = '{ $.level = "error" && $.n > 4 }';
const live = await tail.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: ERRORS }),
    { abortSignal: ending.signal });
const tailed = [];
let started;
const stuck = setTimeout(() => {
    console.error(`Live Tail: no matching event within 20 s; sessionStart ${JSON.stringify(started)}, results ${JSON.stringify(tailed)}`);
    process.exit(1);
}, 20000);
for await (const event of live.responseStream) {
    if (event.sessionStart) {
        started = event.sessionStart;
        await logs.send(new PutLogEventsCommand({
            logGroupName: '/js/app', logStreamName: 's1',
            logEvents: ['INFO four', '{"level": "error", "n": 4}', '{"level": "error", "n": 5}']
                .map((message) => ({ timestamp: Date.now(), message })),
        }));
    }
    tailed.push(...(event.sessionUpdate?.sessionResults ?? []).map((e) => e.message));
    if (tailed.length) {
        break;
    }
}
clearTimeout(stuck);
ending.abort();
check([started.logGroupIdentifiers, started.logEventFilterPattern], [[arn], ERRORS], 'Live Tail sessionStart');
check(tailed, ['{"level": "error", "n": 5}'], 'Live Tail sessionResults');

// JSON and space-delimited filter patterns, as the "Filter pattern syntax" reference's examples define their matches.
const messages = {
    trail: JSON.stringify({ eventType: 'UpdateTrail', level: 'error', latency: 250, SomeObject: null }),
    info: JSON.stringify({ level: 'info', latency: 50, user: { id: 7, roles: ['admin'] } }),
    ok: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    missing: '127.0.0.2 - bob [10/Oct/2000:13:25:16 -0700] "GET /missing HTTP/1.0" 404 0',
};
const nameOf = Object.fromEntries(Object.entries(messages).map(([k, m]) => [m, k]));
await logs.send(new CreateLogStreamCommand({ logGroupName: '/js/other', logStreamName: 'p' }));
await logs.send(new PutLogEventsCommand({
    logGroupName: '/js/other', logStreamName: 'p', logEvents: Object.values(messages).map((message, i) => ({ timestamp: now + i, message })),
}));
const matching = async (filterPattern) => (await logs.send(new FilterLogEventsCommand({ logGroupName: '/js/other', filterPattern })))
    .events.map((e) => nameOf[e.message]);
for (const [pattern, expected] of [
    ['{ $.level = "error" }', ['trail']],
    ['{ $.latency > 100 }', ['trail']],
    ['{ $.level = "info" && $.latency < 100 }', ['info']],
    ['{ $.level = "error" || $.user.id = 7 }', ['trail', 'info']],
    ['{ $.eventType = "Update*" }', ['trail']],
    ['{ $.SomeObject IS NULL }', ['trail']],
    ['[ip, user, username, timestamp, request, status_code = 4*, bytes]', ['missing']],
    ['[ip, ..., status_code = 200, bytes > 1000]', ['ok']],
    ['[ip = 127.0.0.*, ...]', ['ok', 'missing']],
]) {
    check(await matching(pattern), expected, `FilterLogEvents ${pattern}`);
}
check(await error(logs.send(new FilterLogEventsCommand({ logGroupName: '/js/other', filterPattern: '{ $.level = }' }))),
    ['InvalidParameterException', 400], 'an invalid filter pattern');

// Tags: the tagging API by the group's ARN without :* (DescribeLogGroups' logGroupArn), and the older one by name.
const otherArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/js/other`;
await logs.send(new TagResourceCommand({ resourceArn: otherArn, tags: { team: 'lamb', stage: 'dev' } }));
await logs.send(new UntagResourceCommand({ resourceArn: otherArn, tagKeys: ['stage'] }));
check((await logs.send(new ListTagsForResourceCommand({ resourceArn: otherArn }))).tags, { team: 'lamb' }, 'TagResource, UntagResource');
check(await error(logs.send(new ListTagsForResourceCommand({ resourceArn: `${otherArn}:*` }))), ['ValidationException', 400],
    'ListTagsForResource of the ARN with :*');
check(await error(logs.send(new TagResourceCommand({ resourceArn: `${otherArn}-none`, tags: { a: 'b' } }))),
    ['ResourceNotFoundException', 400], 'TagResource of no group');
await logs.send(new TagLogGroupCommand({ logGroupName: '/js/other', tags: { owner: 'me' } }));
check((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/js/other' }))).tags, { team: 'lamb', owner: 'me' }, 'ListTagsLogGroup');
await logs.send(new UntagLogGroupCommand({ logGroupName: '/js/other', tags: ['owner'] }));
check((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/js/other' }))).tags, { team: 'lamb' }, 'UntagLogGroup');

// An X-Amz-Target that CloudWatch Logs does not have answers 400 UnknownOperationException, as awsJson services do:
// a client whose SDK knows an operation the service lacks sends it this way.
const newer = client(CloudWatchLogsClient);
newer.middlewareStack.add((next) => (args) => {
    args.request.headers['x-amz-target'] = 'Logs_20140328.NoSuchOperation';
    return next(args);
}, { step: 'build', name: 'unknownTarget' });
check(await error(newer.send(new DescribeLogGroupsCommand({}))), ['UnknownOperationException', 400], 'an unknown operation');
// An operation the local cloud does not serve answers 400 NotImplemented, which the SDK reads as the error's name.
check(await error(logs.send(new DescribeMetricFiltersCommand({}))), ['NotImplemented', 400], 'an operation not served');

await logs.send(new DeleteLogGroupCommand({ logGroupName: '/js/app' }));
await logs.send(new DeleteLogGroupCommand({ logGroupName: '/js/other' }));
check(await error(logs.send(new DeleteLogGroupCommand({ logGroupName: '/js/app' }))), ['ResourceNotFoundException', 400],
    'DeleteLogGroup again');
check((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/js/' }))).logGroups, [], 'DescribeLogGroups after delete');
console.log('ok logs');
