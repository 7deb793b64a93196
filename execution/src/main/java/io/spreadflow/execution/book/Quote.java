package io.spreadflow.execution.book;

/** Top of book of one venue at one moment: the prices and sizes a taker order meets. */
public record Quote(String venue, long tsUs, double bidPrice, double bidQty, double askPrice, double askQty) {
}
