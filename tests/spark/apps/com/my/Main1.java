package com.my;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/** Counts the lines of its input with Spark and reports what it was given. */
public class Main1 {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("Main1").getOrCreate();
    long lines = spark.read().textFile(args[0]).count();
    Path output = Paths.get(args[1]);
    Files.createDirectories(output);
    String report = "lines=" + lines
        + " maps=" + System.getProperty("mapred.tasktracker.map.tasks.maximum")
        + " spill=" + System.getProperty("mapreduce.map.sort.spill.percent")
        + " args=" + String.join(" ", Arrays.copyOfRange(args, 2, args.length)) + "\n";
    Files.write(output.resolve("report.txt"), report.getBytes(StandardCharsets.UTF_8));
    spark.stop();
  }
}
