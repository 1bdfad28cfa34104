/**
 * A run as one self-contained HTML page ({@code ./falconet report DIR}): for a curation the funnel
 * beside the paper's figures, removal reasons with example documents and the manifest; for training
 * and evaluation the loss curve and the leaderboard table. No network: styles inline, charts as
 * {@code data:} images.
 */
package org.falconet.report;
