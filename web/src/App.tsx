import { Navigate, Route, Routes } from 'react-router';
import { useSession } from './auth/session.tsx';
import { Loading } from './components/States.tsx';
import { AppShell } from './layout/AppShell.tsx';
import { AccessAppPage } from './access/AccessAppPage.tsx';
import { AccessAppsPage } from './access/AccessAppsPage.tsx';
import { CheckAccessPage } from './access/CheckAccessPage.tsx';
import { ScopeWizardPage } from './access/ScopeWizardPage.tsx';
import { CampaignsPage } from './access-reviews/CampaignsPage.tsx';
import { ReportPage as AccessReviewReportPage } from './access-reviews/ReportPage.tsx';
import { WorklistPage } from './access-reviews/WorklistPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { ChangeLogPage } from './audit/ChangeLogPage.tsx';
import { DecisionClientsPage } from './clients/DecisionClientsPage.tsx';
import { FeedCreatePage, FeedPage } from './feeds/FeedPage.tsx';
import { FeedsPage } from './feeds/FeedsPage.tsx';
import { GuestPage } from './guests/GuestPage.tsx';
import { GuestReportPage } from './guests/GuestReportPage.tsx';
import { InboxPage } from './guests/InboxPage.tsx';
import { RequestFormPage } from './guests/RequestFormPage.tsx';
import { RequestPage } from './guests/RequestPage.tsx';
import { LoansPage } from './loans/LoansPage.tsx';
import { ExclusionsPage } from './governance/ExclusionsPage.tsx';
import { HoldsPage } from './governance/HoldsPage.tsx';
import { InboxPage as SharedInboxPage } from './governance/InboxPage.tsx';
import { MembershipRequestPage } from './governance/MembershipRequestPage.tsx';
import { PoliciesPage } from './governance/PoliciesPage.tsx';
import { PolicyPage } from './governance/PolicyPage.tsx';
import { RequestMembershipPage } from './governance/RequestMembershipPage.tsx';
import { GroupPage } from './groups/GroupPage.tsx';
import { GroupsBrowserPage } from './groups/GroupsBrowserPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MailPage } from './mail/MailPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SchedulePage } from './schedule/SchedulePage.tsx';
import { OrgTreePage } from './orgs/OrgTreePage.tsx';
import { OrgUnitPage } from './orgs/OrgUnitPage.tsx';
import { PeopleSearchPage } from './people/PeopleSearchPage.tsx';
import { PersonCreatePage } from './people/PersonCreatePage.tsx';
import { PersonEditPage } from './people/PersonEditPage.tsx';
import { PersonMergePage } from './people/PersonMergePage.tsx';
import { PersonPage } from './people/PersonPage.tsx';
import { TargetCreatePage } from './provision/TargetCreatePage.tsx';
import { TargetPage } from './provision/TargetPage.tsx';
import { TargetsPage } from './provision/TargetsPage.tsx';
import { ReviewsPage } from './sources/ReviewsPage.tsx';
import { SnapshotPage } from './sources/SnapshotPage.tsx';
import { SourceCreatePage } from './sources/SourceCreatePage.tsx';
import { SourcePage } from './sources/SourcePage.tsx';
import { SourcesPage } from './sources/SourcesPage.tsx';
import { StreamPage } from './streams/StreamPage.tsx';
import { StreamsPage } from './streams/StreamsPage.tsx';
import { CalendarsPage } from './calendars/CalendarsPage.tsx';

/** Sign-in first; then the shell with every page. */
export function App() {
  const { state } = useSession();
  if (state.status === 'checking')
    return (
      <main className="centered">
        <Loading what="Starting Steward" />
      </main>
    );
  if (state.status === 'signed-out') return <LoginPage />;
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/people" replace />} />
        <Route path="people" element={<PeopleSearchPage />} />
        <Route path="people/new" element={<PersonCreatePage />} />
        <Route path="people/merge" element={<PersonMergePage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="people/:id/edit" element={<PersonEditPage />} />
        <Route path="orgs" element={<OrgTreePage />} />
        <Route path="orgs/:id" element={<OrgUnitPage />} />
        <Route path="calendars" element={<CalendarsPage />} />
        <Route path="sources" element={<SourcesPage />} />
        <Route path="sources/new" element={<SourceCreatePage />} />
        <Route path="reviews" element={<ReviewsPage />} />
        <Route path="sources/:name" element={<SourcePage />} />
        <Route path="snapshots/:id" element={<SnapshotPage />} />
        <Route path="streams" element={<StreamsPage />} />
        <Route path="streams/:name" element={<StreamPage />} />
        <Route path="feeds" element={<FeedsPage />} />
        <Route path="feeds/new" element={<FeedCreatePage />} />
        <Route path="feeds/:name" element={<FeedPage />} />
        <Route path="guests/report" element={<GuestReportPage />} />
        <Route path="guests/inbox" element={<InboxPage />} />
        <Route path="guests/requests/new" element={<RequestFormPage />} />
        <Route path="guests/requests/:id" element={<RequestPage />} />
        <Route path="guests/:id" element={<GuestPage />} />
        <Route path="loans" element={<LoansPage />} />
        <Route path="groups" element={<GroupsBrowserPage />} />
        <Route path="groups/:id" element={<GroupPage />} />
        <Route path="inbox" element={<SharedInboxPage />} />
        <Route path="governance/policies" element={<PoliciesPage />} />
        <Route path="governance/policies/:id" element={<PolicyPage />} />
        <Route path="governance/exclusions" element={<ExclusionsPage />} />
        <Route path="governance/holds" element={<HoldsPage />} />
        <Route path="governance/request" element={<RequestMembershipPage />} />
        <Route path="governance/requests/:id" element={<MembershipRequestPage />} />
        <Route path="access" element={<AccessAppsPage />} />
        <Route path="access/apps/:name" element={<AccessAppPage />} />
        <Route path="access/assign" element={<ScopeWizardPage />} />
        <Route path="access/check" element={<CheckAccessPage />} />
        <Route path="access-reviews" element={<CampaignsPage />} />
        <Route path="access-reviews/:id" element={<WorklistPage />} />
        <Route path="access-reviews/:id/report" element={<AccessReviewReportPage />} />
        <Route path="provisioning" element={<TargetsPage />} />
        <Route path="provisioning/new" element={<TargetCreatePage />} />
        <Route path="provisioning/:name" element={<TargetPage />} />
        <Route path="schedule" element={<SchedulePage />} />
        <Route path="mail" element={<MailPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="changes" element={<ChangeLogPage />} />
        <Route path="decision-clients" element={<DecisionClientsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
