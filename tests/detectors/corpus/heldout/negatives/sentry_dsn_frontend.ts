Sentry.init({
  dsn: "https://9e40aaba29cf7ed52707c7c9af41d76a@o481920.ingest.de.sentry.io/4508123456789",
  tracesSampleRate: 0.1,
  environment: "production",
});
