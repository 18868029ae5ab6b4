import type { KeyFigureSources } from '../core/services/key-figures';
import type { KeyFigureHosts } from './http';
import { koladaSource } from './kolada';
import { statbankSource } from './statbank';

export { REAL_HOSTS, type KeyFigureHosts } from './http';

/** The key-figure databases at the configured hosts (the real ones by default: teams-app/config.ts). */
export function keyFigureSources(hosts: KeyFigureHosts): KeyFigureSources {
  return {
    kolada: koladaSource({ baseUrl: hosts.koladaUrl, timeoutMs: hosts.timeoutMs }),
    statbank: statbankSource({ baseUrl: hosts.statbankUrl, timeoutMs: hosts.timeoutMs }),
  };
}
