package com.shoppulse.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws a week's {@link WeeklyFigures} as an A4 PDF: the KPIs against the previous week and the
 * funnel on page 1, daily charts on page 2, the leaders and the week's alerts on page 3. Charts are
 * drawn by JFreeChart and placed as images; all text is text, so the numbers can be searched and
 * copied (and are checked with pdftotext).
 */
public final class WeeklyReportPdf {
    /** Fonts with Cyrillic, looked for in this order; else Helvetica, which has none. */
    private static final List<Path> UNICODE_FONTS =
            List.of(
                    Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                    Path.of("/usr/share/fonts/dejavu/DejaVuSans.ttf"));

    private static final float MARGIN = 50;
    private static final Color SERIES = new Color(0x1F, 0x77, 0xB4);
    private static final Color GRID = new Color(0xD0, 0xD0, 0xD0);
    private static final float PAGE_TOP = PDRectangle.A4.getHeight() - MARGIN;
    private static final DateTimeFormatter BUILT_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The KPI table's rows: label and key in {@link WeeklyFigures#kpis()}. */
    static final List<String[]> KPI_ROWS =
            List.of(
                    new String[] {"DAU (daily mean)", "dau"},
                    new String[] {"WAU", "wau"},
                    new String[] {"MAU (30 days to the week's end)", "mau"},
                    new String[] {"Views", "views"},
                    new String[] {"Add to carts", "add_to_carts"},
                    new String[] {"Orders", "orders"},
                    new String[] {"Buyers", "buyers"},
                    new String[] {"Revenue", "revenue"},
                    new String[] {"Conversion, orders per 100 views", "conversion_pct"},
                    new String[] {"Average order value (AOV)", "aov"},
                    new String[] {"ARPU (per weekly active user)", "arpu"},
                    new String[] {"ARPPU (per buyer)", "arppu"});

    private WeeklyReportPdf() {}

    public static byte[] render(WeeklyFigures figures, Instant builtAt) {
        try (PDDocument document = new PDDocument()) {
            PDFont font = font(document);
            firstPage(document, font, figures, builtAt);
            dailyPage(document, font, figures);
            leadersPage(document, font, figures);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw the report of " + figures.week(), e);
        }
    }

    private static void firstPage(
            PDDocument document, PDFont font, WeeklyFigures figures, Instant builtAt)
            throws IOException {
        try (Page page = new Page(document, font)) {
            page.text(MARGIN, 20, "shop-pulse weekly report");
            page.text(
                    MARGIN,
                    13,
                    figures.week().label()
                            + " ("
                            + ClickHouseReader.zone(figures.week().zone())
                            + ")");
            page.text(
                    MARGIN,
                    9,
                    "built "
                            + BUILT_AT.format(builtAt.atZone(figures.week().zone()))
                            + "; previous week "
                            + figures.week().previous().label()
                            + "; daily windows found: "
                            + figures.kpis().get("days")
                            + " of 7");
            page.gap(10);
            page.row(11, new float[] {0, 230, 330, 430}, "KPI", "This week", "Previous", "Change");
            for (String[] row : KPI_ROWS) {
                page.row(
                        10,
                        new float[] {0, 230, 330, 430},
                        row[0],
                        or(figures.kpis().get(row[1])),
                        or(figures.previousKpis().get(row[1])),
                        figures.change(row[1]));
            }
            page.gap(14);
            page.text(MARGIN, 12, "Funnel: view \u2192 cart \u2192 order");
            Map<String, String> k = figures.kpis();
            page.text(
                    MARGIN,
                    10,
                    "views "
                            + or(k.get("views"))
                            + " \u2192 add to carts "
                            + or(k.get("add_to_carts"))
                            + " ("
                            + Figures.share(k.get("add_to_carts"), k.get("views"))
                            + ") \u2192 orders "
                            + or(k.get("orders"))
                            + " ("
                            + Figures.share(k.get("orders"), k.get("add_to_carts"))
                            + " of carts)");
            DefaultCategoryDataset funnel = new DefaultCategoryDataset();
            funnel.addValue(number(k.get("views")), "events", "views");
            funnel.addValue(number(k.get("add_to_carts")), "events", "add to carts");
            funnel.addValue(number(k.get("orders")), "events", "orders");
            page.chart(
                    ChartFactory.createBarChart(
                            null,
                            null,
                            "events",
                            funnel,
                            PlotOrientation.HORIZONTAL,
                            false,
                            false,
                            false),
                    200);
        }
    }

    private static void dailyPage(PDDocument document, PDFont font, WeeklyFigures figures)
            throws IOException {
        try (Page page = new Page(document, font)) {
            page.text(MARGIN, 14, "Day by day");
            page.row(
                    10,
                    new float[] {0, 90, 180, 260, 350, 420},
                    "Day",
                    "DAU",
                    "Views",
                    "Add to carts",
                    "Orders",
                    "Revenue");
            for (Map<String, String> day : figures.days()) {
                page.row(
                        9,
                        new float[] {0, 90, 180, 260, 350, 420},
                        day.get("day"),
                        day.get("active_users"),
                        day.get("views"),
                        day.get("add_to_carts"),
                        day.get("orders"),
                        day.get("revenue"));
            }
            page.gap(8);
            page.chart(lineChart(figures, "active_users", "DAU"), 165);
            page.chart(lineChart(figures, "orders", "Orders"), 165);
            page.chart(lineChart(figures, "revenue", "Revenue"), 165);
        }
    }

    private static JFreeChart lineChart(WeeklyFigures figures, String column, String title) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map<String, String> day : figures.days()) {
            data.addValue(number(day.get(column)), title, day.get("day").substring(5));
        }
        return ChartFactory.createLineChart(
                title, null, null, data, PlotOrientation.VERTICAL, false, false, false);
    }

    private static void leadersPage(PDDocument document, PDFont font, WeeklyFigures figures)
            throws IOException {
        try (Page page = new Page(document, font)) {
            float[] columns = {0, 230, 330, 410};
            for (String dimension : WeeklyFigures.TOP_DIMENSIONS) {
                page.text(MARGIN, 12, "Top " + dimension + " by revenue");
                page.row(9, columns, dimension, "Revenue", "Orders", "Views");
                List<Map<String, String>> rows = figures.top().get(dimension);
                if (rows.isEmpty()) {
                    page.text(MARGIN, 9, "none in this week");
                }
                for (Map<String, String> row : rows) {
                    page.row(
                            9,
                            columns,
                            row.get("name"),
                            row.get("revenue"),
                            row.get("orders"),
                            row.get("views"));
                }
                page.gap(8);
            }
            page.text(
                    MARGIN,
                    12,
                    "Alerts fired this week: "
                            + figures.alerts().size()
                            + (figures.alerts().size() == WeeklyFigures.MAX_ALERTS
                                    ? " (the first " + WeeklyFigures.MAX_ALERTS + ")"
                                    : ""));
            float[] alertColumns = {0, 85, 135, 290, 390, 440};
            page.row(8, alertColumns, "Window", "Severity", "Rule", "Scope", "Value", "Threshold");
            for (Map<String, String> alert : figures.alerts()) {
                page.row(
                        8,
                        alertColumns,
                        alert.get("at"),
                        alert.get("severity"),
                        alert.get("rule_id"),
                        Figures.scope(alert),
                        alert.get("value"),
                        alert.get("threshold"));
            }
        }
    }

    private static double number(String text) {
        return text == null ? 0 : Double.parseDouble(text);
    }

    private static String or(String text) {
        return text == null ? "\u2014" : text;
    }

    /** Flat and light, for print: white plot, grey grid lines, one blue series, no gradients. */
    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        CategoryItemRenderer renderer = plot.getRenderer();
        renderer.setSeriesPaint(0, SERIES);
        renderer.setSeriesStroke(0, new BasicStroke(2.5f));
        if (renderer instanceof BarRenderer bars) {
            bars.setBarPainter(new StandardBarPainter());
            bars.setShadowVisible(false);
        }
    }

    private static PDFont font(PDDocument document) throws IOException {
        Optional<Path> unicode = UNICODE_FONTS.stream().filter(Files::isReadable).findFirst();
        if (unicode.isPresent()) {
            return PDType0Font.load(document, unicode.get().toFile());
        }
        return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    /** One page being written from the top down. */
    private static final class Page implements AutoCloseable {
        private final PDDocument document;
        private final PDFont font;
        private final PDPageContentStream content;
        private float y = PAGE_TOP;

        Page(PDDocument document, PDFont font) throws IOException {
            this.document = document;
            this.font = font;
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
        }

        void text(float x, float size, String text) throws IOException {
            y -= size * 1.5f;
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, y);
            content.showText(printable(text));
            content.endText();
        }

        void row(float size, float[] columns, String... cells) throws IOException {
            y -= size * 1.6f;
            for (int i = 0; i < cells.length; i++) {
                content.beginText();
                content.setFont(font, size);
                content.newLineAtOffset(MARGIN + columns[i], y);
                content.showText(printable(or(cells[i])));
                content.endText();
            }
        }

        void gap(float points) {
            y -= points;
        }

        void chart(JFreeChart chart, float height) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            style(chart);
            // Twice the points in pixels, so the image stays sharp when printed.
            BufferedImage image = chart.createBufferedImage((int) width * 2, (int) height * 2);
            PDImageXObject picture = LosslessFactory.createFromImage(document, image);
            y -= height;
            content.drawImage(picture, MARGIN, y, width, height);
        }

        /** Text the font can draw: without a Unicode font, what Helvetica lacks becomes '?'. */
        private String printable(String text) throws IOException {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                String character = new String(Character.toChars(codePoint));
                out.append(hasGlyph(character) ? character : "?");
                i += Character.charCount(codePoint);
            }
            return out.toString();
        }

        private boolean hasGlyph(String character) {
            try {
                font.encode(character);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
