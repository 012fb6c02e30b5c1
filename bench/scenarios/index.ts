/** Every scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../lib/scenario.js';
import { agentsScenario } from './agents.js';
import { contextScenario } from './context.js';
import { dispatchScenario } from './dispatch.js';
import { fanoutScenario } from './fanout.js';
import { restScenario } from './rest.js';
import { spawnScenario } from './spawn.js';

export const SCENARIOS: Scenario[] = [spawnScenario, dispatchScenario, agentsScenario, restScenario, fanoutScenario, contextScenario];
