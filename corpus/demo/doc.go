// Package demo is the sample corpus that feedbackd serve --demo loads, so a
// first run shows a working daemon with realistic data: a search page,
// facets, trends, drivers, anomalies and a digest.
//
// The data is a fictional omnichannel home-goods retailer with an app,
// Northwind Home: online shop, app, stores, delivery, returns, contact
// centre, billing and refunds, a loyalty scheme, and its employees in
// stores, two warehouses, the contact centre and head office. Hand-written
// comment fragments, each labelled with the touchpoints and sentiment it is
// meant to carry, live in the embedded *.yaml files, one file per theme.
// Generate assembles them into about 3,000 comments over the six months
// before a given instant, deterministically for a seed:
//
//   - sources nps-survey (NPS 0–10), csat-email (post-contact CSAT 1–5),
//     app-feedback (no score), support-tickets (CES 1–7, 7 = very easy, on
//     most tickets) and employee-pulse (a monthly wave, pros/cons or one
//     comment); about 75% customer and 25% employee;
//   - scores drawn from the comment's intended sentiment with noise;
//   - metadata channel, region, product, store (store visits), agent
//     (contact-centre sources), and for employees team, department,
//     region, tenure and wave, each team answering every wave with at
//     least five people so anonymity thresholds do not blank it;
//   - weekday and time-of-day patterns, ids demo-00001 onwards in time
//     order, times in UTC.
//
// Stories built into time, for the reports to find (Stories describes them
// with dates):
//
//   - Courier switch, 10 weeks ago: small parcels move to a new courier,
//     Parcelo. Delivery complaints ("left outside", lost and late parcels)
//     double in share and lift volume for four weeks, then ease over two.
//   - App release, 6 weeks ago: version 5.2 fixes the crashes; app comments
//     turn from mostly negative to mostly positive.
//   - Payment-provider change, 2 weeks ago: customers are charged twice;
//     billing complaints rise every day up to now, an emerging issue
//     ("charged twice") that contact-centre staff mention too.
//   - Warehouse workload: workload complaints in the warehouse teams rise
//     steadily across the six months.
package demo
