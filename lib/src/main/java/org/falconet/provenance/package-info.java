/**
 * What it takes to cite and reproduce a run: the manifest every curation, training and evaluation
 * run writes beside its output ({@link org.falconet.provenance.RunManifest}), and the replay that
 * reruns a curation from it and checks the output is byte-identical ({@link org.falconet.provenance.Replay}).
 */
package org.falconet.provenance;
