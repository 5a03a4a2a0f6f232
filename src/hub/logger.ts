import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { HubConfig } from '../config/index.ts';

/**
 * The hub's logger: readable lines on a terminal, JSON lines (one object per line, for log collectors)
 * everywhere else.
 */
export function createLogger(config: HubConfig, destination: NodeJS.WriteStream = process.stdout): Logger {
  if (destination.isTTY) {
    return pino({ level: config.logLevel }, pretty({ destination, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
  }
  return pino({ level: config.logLevel }, destination);
}
