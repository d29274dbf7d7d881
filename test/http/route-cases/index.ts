import type { RouteCase } from '../route-case.ts';
import { feedsCases } from './feeds.ts';
import { mailCases } from './mail.ts';
import { orgsCases } from './orgs.ts';
import { peopleCases } from './people.ts';
import { platformCases } from './platform.ts';
import { snapshotsCases } from './snapshots.ts';
import { sourcesCases } from './sources.ts';
import { statusCases } from './status.ts';
import { streamsCases } from './streams.ts';
import { guestsCases } from './guests.ts';
import { guestRequestCases } from './guest-requests.ts';
import { groupsCases } from './groups.ts';
import { loansCases } from './loans.ts';
import { accessCases } from './access.ts';
import { decisionClientCases } from './decision-clients.ts';
import { provisionCases } from './provision.ts';
import { governanceAddCases } from './governance-add.ts';
import { governanceGraceCases } from './governance-grace.ts';
import { reviewCases } from './reviews.ts';
import { jobsCases } from './jobs.ts';
import { configFileCases } from './config-file.ts';
import { calendarCases } from './calendars.ts';
import { heldChangeCases } from './held-changes.ts';

/** Every route case, in one list: the authorisation test and the actor matrix both read it. */
export const allCases: RouteCase[] = [
  ...platformCases,
  ...peopleCases,
  ...orgsCases,
  ...sourcesCases,
  ...snapshotsCases,
  ...statusCases,
  ...streamsCases,
  ...feedsCases,
  ...mailCases,
  ...guestsCases,
  ...guestRequestCases,
  ...groupsCases,
  ...governanceAddCases,
  ...accessCases,
  ...loansCases,
  ...provisionCases,
  ...reviewCases,
  ...decisionClientCases,
  ...governanceGraceCases,
  ...jobsCases,
  ...configFileCases,
  ...calendarCases,
  ...heldChangeCases,
];
