package io.anyscope.catalog;

/** The catalog data is missing or does not validate; the message names the file and the entry. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
