/** Runs the curation pipeline on Apache Spark: the same stages as {@code PipelineRunner}, spread over a cluster, with cluster-scale deduplication. */
package org.falconet.spark;
