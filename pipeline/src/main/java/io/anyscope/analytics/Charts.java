package io.anyscope.analytics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/** Charts drawn with JFreeChart into SVG strings (JFreeSVG): no image files, no fonts or scripts fetched. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** Tier colours, cheapest to dearest. */
    private static final Color[] TIERS = {
        new Color(0x7fc97f), new Color(0xfdc086), new Color(0xf0027f), new Color(0x6a3d9a)};

    private Charts() {
    }

    public enum Kind { LINE, BAR, STACKED }

    /** Builds a chart from three columns of a table: x (category), y (number) and an optional series column. */
    public static String svg(Kind kind, String title, Table t, String x, String y, String series, int width, int height) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        int xi = t.column(x);
        int yi = t.column(y);
        int si = series == null ? -1 : t.column(series);
        for (List<Object> r : t.rows()) {
            Object v = r.get(yi);
            if (!(v instanceof Number n)) {
                continue;
            }
            String s = si < 0 ? y : Table.text(r.get(si));
            ds.addValue(n.doubleValue(), s, Table.text(r.get(xi)));
        }
        JFreeChart chart = switch (kind) {
            case LINE -> ChartFactory.createLineChart(title, x, y, ds, PlotOrientation.VERTICAL, true, false, false);
            case BAR -> ChartFactory.createBarChart(title, x, y, ds, PlotOrientation.HORIZONTAL, si >= 0, false, false);
            case STACKED -> ChartFactory.createStackedBarChart(title, x, y, ds, PlotOrientation.VERTICAL, true, false, false);
        };
        style(chart, kind, ds.getRowCount(), "tier".equals(series));
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGElement();
    }

    private static void style(JFreeChart chart, Kind kind, int seriesCount, boolean tiers) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d7de));
        plot.setOutlineVisible(false);
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (kind == Kind.LINE) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
            r.setDefaultShapesVisible(true);
            for (int i = 0; i < seriesCount; i++) {
                r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                r.setSeriesStroke(i, new BasicStroke(2.2f));
            }
        } else {
            BarRenderer r = (BarRenderer) plot.getRenderer();
            r.setBarPainter(new StandardBarPainter());
            r.setShadowVisible(false);
            r.setMaximumBarWidth(0.12);
            for (int i = 0; i < seriesCount; i++) {
                r.setSeriesPaint(i, tiers ? TIERS[i % TIERS.length] : PALETTE[i % PALETTE.length]);
            }
        }
    }
}
