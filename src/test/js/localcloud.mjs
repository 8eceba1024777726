// What the scripts here share: clients of the local cloud named on the command line, made as a user of the AWS SDK
// for JavaScript v3 makes them, and a failed call's error read the way its users read it: name and HTTP status.
import assert from 'node:assert/strict';

export const ENDPOINT = process.argv[2];
export const ACCOUNT = '000000000000';
export const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},'
    + '"Action":"sts:AssumeRole"}]}';

/** A client of the local cloud, made as the SDK's users make one, with their options added. */
export function client(Client, options = {}) {
    return new Client({
        endpoint: ENDPOINT, region: 'us-east-1', maxAttempts: 1,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, ...options,
    });
}

/** [error.name, $metadata.httpStatusCode] of the error that the promise rejects with. */
export async function error(promise) {
    try {
        await promise;
    } catch (e) {
        return [e.name, e.$metadata?.httpStatusCode];
    }
    assert.fail('the call succeeded where an error was expected');
}

export function check(actual, expected, what) {
    assert.deepStrictEqual(actual, expected, what);
}

/** The items under key of each page that the SDK's paginator yields, one array a page. */
export async function pages(paginator, key) {
    const all = [];
    for await (const page of paginator) {
        all.push(page[key]);
    }
    return all;
}

const CRC = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});

function crc32(bytes) {
    let c = 0xffffffff;
    for (const b of bytes) {
        c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive holding one file, stored (not deflated): enough for a function's code, with no package for zips. */
export function zipped(name, text) {
    const file = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(file.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(file.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + file.length, 12);
    end.writeUInt32LE(local.length + file.length + data.length, 16);
    return Buffer.concat([local, file, data, central, file, end]);
}
