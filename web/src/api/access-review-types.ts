/**
 * Access reviews (attestation campaigns) as the API returns them: the server's own route schemas
 * (src/governance/review-schemas.ts), imported as types only, so no server code reaches the bundle. Not to be
 * confused with match reviews of sources (review-types.ts).
 */
import type {
  AttestationView,
  BulkInput,
  CampaignInput,
  CampaignSummaryView,
  CampaignView,
  CloseResultView,
  DecisionInputBody,
  ItemFilterInput,
  ItemsPageView,
  ItemsQueryInput,
  ItemView,
  ReportView,
} from '../../../src/governance/review-schemas.ts';

export type Campaign = CampaignView;
export type CampaignSummary = CampaignSummaryView;
export type NewCampaign = CampaignInput;
export type ReviewItem = ItemView;
export type ItemsPage = ItemsPageView;
export type ItemsQuery = ItemsQueryInput;
export type ItemFilter = ItemFilterInput;
export type DecisionBody = DecisionInputBody;
export type BulkBody = BulkInput;
export type Decision = NonNullable<ItemView['decision']>;
export type CampaignReport = ReportView;
export type CloseResult = CloseResultView;
export type Attestation = AttestationView;
export type Facts = ItemView['now'];
export type SortKey = NonNullable<ItemsQueryInput['sort']>;
