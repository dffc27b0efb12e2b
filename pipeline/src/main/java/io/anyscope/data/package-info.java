/**
 * What the pipeline writes and analytics reads, known to both without either knowing the other: the tables of the
 * data set and their schemas ({@link io.anyscope.data.Tables}), and SQL quoting ({@link io.anyscope.data.Sql}).
 */
package io.anyscope.data;
