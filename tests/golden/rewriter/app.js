const config = {
  apiKey: '$<secret.API_KEY_2>',
  // comment stays
  webhook: `https://hooks.example.com/T000/B000/$<secret.SLACK_WEBHOOK>`,
};
const pem = '$<secret.PEM>';
module.exports = { config, pem };
