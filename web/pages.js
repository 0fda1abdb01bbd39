// The dashboard's pages, one line each, in the order of the navigation.
//   path    the address after "#/" (":id" matches one segment)
//   nav     the link's words in the navigation; null = reached by links only
//   module  the page's file (also listed in web/manifest.txt)
// A page module exports `title` and `async render(view, ctx)`; app.js
// loads it when its page is first opened. Adding a page (docs/development.md,
// "Adding a dashboard page"): its module under pages/, one line here, one
// line in manifest.txt.
export const pages = [
  { path: 'overview', nav: 'Overview', module: '/pages/overview.js' },
  { path: 'report', nav: 'Report', module: '/pages/report.js' },
  { path: 'members', nav: 'Members', module: '/pages/members.js' },
  { path: 'members/:id', nav: null, module: '/pages/member.js' },
  { path: 'merges', nav: 'Merges', module: '/pages/merges.js' },
  { path: 'initiatives', nav: 'Initiatives', module: '/pages/initiatives.js' },
  { path: 'sentiment', nav: 'Sentiment', module: '/pages/sentiment.js' },
  { path: 'imports', nav: 'Imports', module: '/pages/imports.js' },
  { path: 'settings', nav: 'Settings', module: '/pages/settings.js' },
  { path: 'audit', nav: 'Audit log', module: '/pages/audit.js' },
  { path: 'customers', nav: 'Customers', module: '/pages/customers.js' },
  { path: 'network', nav: 'Network', module: '/pages/network.js' },
  { path: 'impact', nav: 'Impact', module: '/pages/impact.js' },
];
