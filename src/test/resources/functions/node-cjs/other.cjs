// A .cjs handler with a callback.
module.exports.handler = (event, context, callback) => {
  callback(null, { via: 'cjs', requestId: context.awsRequestId });
};
