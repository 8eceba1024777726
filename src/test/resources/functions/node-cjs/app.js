// Handlers for NodeRuntimeTest (CommonJS, no package.json: .js is CommonJS).
exports.callback = function (event, context, callback) {
  // As in Lambda, the answer waits for the event loop to empty: this timer's line is in the invocation's log.
  setTimeout(() => console.log('timer after callback'), 20);
  callback(null, { via: 'callback', event });
};

exports.callbackError = function (event, context, callback) {
  callback(new Error('callback failed'));
};

exports.sync = function (event) {
  return { via: 'sync', doubled: event.n * 2 };
};

exports.legacySucceed = function (event, context) {
  setTimeout(() => context.succeed({ via: 'context.succeed' }), 5);
};

exports.nested = { deeper: { fn: async () => 'nested handler' } };
