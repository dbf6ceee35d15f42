package com.shoppulse.clickhouse;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Function;

/** Binds a counted event to an insert into {@code events_raw}, order lines as arrays. */
final class RawEventStatement implements RowBinder<ShopEvent> {
    private static final long serialVersionUID = 1L;

    static final String SQL =
            "INSERT INTO events_raw (dedup_key, event_id, event_type, event_time, user_id,"
                    + " session_id, city, device, channel, product_id, category, brand, price,"
                    + " quantity, order_id, amount, `items.product_id`, `items.category`,"
                    + " `items.brand`, `items.price`, `items.quantity`) VALUES (?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void accept(PreparedStatement ps, ShopEvent e) throws SQLException {
        boolean order = e.type == EventType.ORDER;
        OrderItem[] items = order ? e.items : new OrderItem[0];
        int i = 0;
        ps.setString(++i, e.dedupKey());
        ps.setString(++i, e.eventId);
        ps.setString(++i, e.type.wireName());
        ps.setObject(++i, ClickHouseTime.utc(e.eventTimeMillis));
        ps.setString(++i, e.userId);
        ps.setString(++i, e.sessionId);
        ps.setString(++i, e.city);
        ps.setString(++i, e.device);
        ps.setString(++i, e.channel);
        ps.setString(++i, order ? "" : e.productId);
        ps.setString(++i, order ? "" : e.category);
        ps.setString(++i, order ? "" : e.brand);
        ps.setBigDecimal(++i, BigDecimal.valueOf(order ? 0 : e.priceMinor, 2));
        ps.setLong(++i, order ? 0 : e.quantity);
        ps.setString(++i, order ? e.orderId : "");
        ps.setBigDecimal(++i, BigDecimal.valueOf(order ? e.amountMinor : 0, 2));
        ps.setObject(++i, column(items, item -> item.productId));
        ps.setObject(++i, column(items, item -> item.category));
        ps.setObject(++i, column(items, item -> item.brand));
        ps.setObject(++i, column(items, item -> BigDecimal.valueOf(item.priceMinor, 2)));
        ps.setObject(++i, column(items, item -> (long) item.quantity));
    }

    private static Object[] column(OrderItem[] items, Function<OrderItem, Object> field) {
        return Arrays.stream(items).map(field).toArray();
    }
}
