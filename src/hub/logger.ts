import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { HubConfig } from '../config/index.ts';

/**
 * The hub's logger: readable lines on a terminal, JSON lines (one object per line, for log collectors)
 * everywhere else.
 */
/** Never logged as they are: credentials in headers, passwords, tokens and keys wherever they appear. */
export const LOG_REDACT = {
  paths: [
    'req.headers.authorization',
    'req.headers["x-api-key"]',
    'req.headers.cookie',
    'headers.authorization',
    'headers["x-api-key"]',
    'password',
    '*.password',
    'adminPassword',
    '*.adminPassword',
    '*.*.adminPassword',
    'access_token',
    '*.access_token',
    'refresh_token',
    '*.refresh_token',
    'client_secret',
    '*.client_secret',
    'apiKey',
    '*.apiKey',
  ],
  censor: '[redacted]',
};

export function createLogger(config: HubConfig, destination: NodeJS.WriteStream = process.stdout): Logger {
  if (destination.isTTY) {
    return pino(
      { level: config.logLevel, redact: LOG_REDACT },
      pretty({ destination, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }),
    );
  }
  return pino({ level: config.logLevel, redact: LOG_REDACT }, destination);
}
