"""Vietnamese texts (Tiếng Việt)."""

TEXTS = {
    # menu
    "menu.title": "👋 Xin chào, <b>{name}</b>! Bạn muốn làm gì?",
    "menu.new_order": "🛒 Đơn hàng mới",
    "menu.orders": "📦 Đơn của tôi",
    "menu.balance": "💰 Số dư",
    "menu.help": "❓ Trợ giúp",
    "menu.language": "🌐 Ngôn ngữ",
    "menu.invite": "🎁 Mời bạn bè",
    "menu.back": "⬅️ Quay lại",
    "menu.home": "🏠 Menu",
    "menu.welcome": "Chào mừng bạn đến với cửa hàng! Tài khoản của bạn đã sẵn sàng.",
    # commands
    "cmd.start": "Menu chính",
    "cmd.help": "Cách cửa hàng hoạt động",
    "cmd.language": "Đổi ngôn ngữ",
    "cmd.cancel": "Hủy thao tác hiện tại",
    # help
    "help.text": (
        "<b>Cách hoạt động</b>\n"
        "1. <b>Đơn hàng mới</b>: chọn danh mục và dịch vụ, gửi liên kết và số lượng, "
        "xem giá rồi xác nhận.\n"
        "2. Ví của bạn thanh toán đơn ngay khi đơn được đặt; nếu hệ thống không hoàn thành, "
        "phần chưa chạy sẽ tự động hoàn lại vào ví.\n"
        "3. <b>Đơn của tôi</b> hiển thị tiến độ; bạn nhận tin nhắn mỗi khi đơn thay đổi trạng thái.\n\n"
        "Lệnh: /start menu · /help hướng dẫn · /language ngôn ngữ · /cancel dừng bước hiện tại"
    ),
    # language
    "lang.choose": "Chọn ngôn ngữ của bạn:",
    "lang.set": "Đã chuyển sang Tiếng Việt.",
    # catalog
    "catalog.categories": "🛒 <b>Đơn hàng mới</b>\nChọn danh mục:",
    "catalog.empty": "Danh mục dịch vụ đang trống. Vui lòng thử lại sau ít phút.",
    "catalog.services": "<b>{category}</b>\nChọn dịch vụ (giá cho 1000):",
    "catalog.category_gone": "Danh mục này không còn nữa. Đây là danh sách hiện tại.",
    "catalog.page": "Trang {page}/{pages}",
    "catalog.prev": "◀️",
    "catalog.next": "▶️",
    # balance and orders
    "balance.text": "💰 <b>Ví của bạn</b>\nSố dư: <b>{balance}</b>",
    "orders.none": "📦 Bạn chưa có đơn nào. Nhấn <b>Đơn hàng mới</b> để đặt đơn đầu tiên.",
    # errors
    "error.generic": "😕 Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.",
    "error.stale": "Menu này đã hết hạn. Đây là menu mới.",
    # ordering
    "catalog.search_hint": "Mẹo: gõ số hoặc một phần tên dịch vụ để tìm nhanh.",
    "order.card": "<b>#{id} {name}</b>\n💵 {price} cho 1000 · {min}–{max}\n♻️ Bảo hành: {refill}",
    "order.card_package": "<b>#{id} {name}</b>\n💵 {price} cho một gói\n♻️ Bảo hành: {refill}",
    "order.yes": "có",
    "order.no": "không",
    "order.ask_link": "🔗 Gửi liên kết (địa chỉ đầy đủ bắt đầu bằng https://):",
    "order.ask_link_platform": "🔗 Gửi liên kết {platform} (địa chỉ đầy đủ bắt đầu bằng https://):",
    "order.ask_quantity": "🔢 Số lượng? Gửi một số nguyên từ {min} đến {max}.",
    "order.ask_list": "📝 Gửi danh sách video đề xuất hoặc từ khóa tìm kiếm, mỗi dòng một mục:",
    "order.ask_suggest": "📝 Gửi các video đề xuất, mỗi dòng một liên kết — hoặc nhấn Bỏ qua:",
    "order.ask_search": "📝 Gửi các từ khóa tìm kiếm, mỗi dòng một từ khóa — hoặc nhấn Bỏ qua:",
    "order.ask_comments": "💬 Gửi các bình luận, mỗi dòng một bình luận ({min}–{max} bình luận):",
    "order.summary": (
        "🧾 <b>Kiểm tra đơn hàng</b>\n"
        "Dịch vụ: {service}\n"
        "Liên kết: {link}\n"
        "Số lượng: {quantity}\n"
        "{lists}"
        "Giá: <b>{price}</b>\n"
        "{wallet}"
    ),
    "order.summary_list": "{name}: {count} dòng\n",
    "order.list_name.list": "Danh sách",
    "order.list_name.suggest": "Video đề xuất",
    "order.list_name.search": "Từ khóa tìm kiếm",
    "order.list_name.comments": "Bình luận",
    "order.summary_exempt": "\n👑 Đơn của quản trị viên: không trừ vào ví.",
    "order.summary_short": "\n⚠️ Ví của bạn còn thiếu <b>{shortfall}</b>. Hãy nạp thêm rồi xác nhận.",
    "order.confirm": "✅ Xác nhận",
    "order.cancel": "✖️ Hủy",
    "order.back": "⬅️ Quay lại",
    "order.skip": "⏭ Bỏ qua",
    "order.add_funds": "💳 Nạp tiền",
    "order.code": "🏷 Có mã giảm giá?",
    "order.follow": "📦 Theo dõi đơn #{id}",
    "order.placed": "✅ Đã đặt đơn <b>#{id}</b>: {service}, {quantity} với giá {price}. Chúng tôi sẽ nhắn cho bạn khi đơn có tiến triển.",
    "order.already": "Đơn này đã được đặt — đơn <b>#{id}</b>.",
    "order.already_toast": "Đơn #{id} đã được đặt rồi.",
    "order.refused": "❌ Nhà cung cấp không nhận đơn này: {reason}\n{price} đã được hoàn vào ví của bạn.",
    "order.unavailable": "❌ Dịch vụ tạm thời không khả dụng. {price} đã được hoàn vào ví; vui lòng thử lại sau.",
    "order.uncertain": (
        "⏳ Đơn <b>#{id}</b> đang được kiểm tra với nhà cung cấp. Khoản thanh toán của bạn được giữ an toàn và "
        "sẽ không bị trừ hai lần; chúng tôi sẽ nhắn ngay khi có kết quả."
    ),
    "order.no_funds": "⚠️ Ví của bạn còn thiếu <b>{shortfall}</b>. Hãy nạp thêm rồi xác nhận lại.",
    "order.panel_short": "Dịch vụ này tạm thời chưa nhận đơn mới. Không có khoản nào bị trừ; vui lòng thử lại sau ít phút.",
    "order.price_changed": "⚠️ <b>Giá đã thay đổi</b> kể từ khi hiện phiếu này: {old} → {new}. Chưa có khoản nào bị trừ. Vui lòng xem phiếu mới và xác nhận lại.",
    "order.card_expired": "⌛ Phiếu này đã hiện khá lâu nên giá vừa được kiểm tra lại. Chưa có khoản nào bị trừ. Vui lòng xem phiếu và xác nhận lại.",
    "order.unavailable_plain": "❌ Không đặt được đơn này. Chưa có khoản nào bị trừ; vui lòng thử lại sau.",
    "order.refusal.no_funds": "⚠️ Số dư ví không đủ cho đơn này. Chưa có khoản nào bị trừ.",
    "order.refusal.price_changed": "⚠️ Giá đã thay đổi. Chưa có khoản nào bị trừ; vui lòng đặt lại.",
    "order.refusal.expired": "Phiếu xác nhận này đã hết hạn: chưa có đơn nào được đặt. Vui lòng đặt lại.",
    "order.refusal.unavailable": "Dịch vụ này không còn nữa. Chưa có khoản nào bị trừ.",
    "order.refusal.unknown_card": "Phiếu xác nhận này đã hết hạn: chưa có đơn nào được đặt. Vui lòng đặt lại.",
    "order.refusal.panel_short": "Dịch vụ này tạm thời chưa nhận đơn mới. Không có khoản nào bị trừ; vui lòng thử lại sau ít phút.",
    "order.refusal.link_rejected": "❌ Nhà cung cấp không chấp nhận liên kết này. Chưa có khoản nào bị trừ.",
    "order.refusal.quantity_rejected": "❌ Nhà cung cấp không chấp nhận số lượng này. Chưa có khoản nào bị trừ.",
    "order.refusal.panel_refused": "❌ Dịch vụ tạm thời không khả dụng. Chưa có khoản nào bị trừ; vui lòng thử lại sau.",
    "order.refusal.not_sent": "❌ Không kết nối được nhà cung cấp. Chưa có khoản nào bị trừ; vui lòng thử lại sau.",
    "order.refusal.maintenance": "🛠 Cửa hàng đang bảo trì trong ít phút. Chưa có khoản nào bị trừ; vui lòng quay lại sau.",
    "order.refusal.banned": "Tài khoản này không thể đặt đơn.",
    "funds.choose": "Chọn cách nạp tiền:",
    "order.gone": "Dịch vụ này không còn nữa. Vui lòng chọn dịch vụ khác.",
    "order.cancelled": "Đã hủy đơn. Không có khoản nào bị trừ.",
    "order.timeout": "⌛ Đơn hàng đã bị tạm dừng sau {minutes} phút không phản hồi. Không có khoản nào bị trừ — nhấn Đơn hàng mới để bắt đầu lại.",
    "order.expired_card": "Phiếu xác nhận này đã hết hạn: chưa có đơn nào được đặt. Vui lòng đặt lại.",
    "order.search_none": "Không có dịch vụ nào khớp “{text}”. Hãy chọn danh mục bên dưới, hoặc gõ một phần tên hay số của dịch vụ.",
    "order.search_results": "Các dịch vụ khớp “{text}”:",
    "funds.instructions": "💳 <b>Nạp tiền</b>\n{instructions}",
    "funds.none": "Cửa hàng chưa thiết lập cách thanh toán, nên hiện chưa thể nạp tiền.",
    # input errors
    "input.link_invalid": "Đây không phải là liên kết. Hãy gửi địa chỉ đầy đủ bắt đầu bằng https://",
    "input.link_too_long": "Liên kết quá dài: tối đa {max} ký tự.",
    "input.link_platform": "Dịch vụ này cần liên kết {platform}.",
    "input.quantity_not_number": "Vui lòng gửi một số nguyên từ {min} đến {max}.",
    "input.quantity_range": "Số lượng phải từ {min} đến {max}.",
    "input.list_empty": "Danh sách đang trống: hãy gửi ít nhất một dòng.",
    "input.list_too_many": "Bạn gửi {count} dòng; tối đa {max} dòng.",
    "input.list_line_too_long": "Có dòng quá dài: tối đa {max} ký tự mỗi dòng.",
    "input.comments_range": "Dịch vụ này nhận từ {min} đến {max} bình luận; bạn đã gửi {count}.",
    "input.suggest_or_search": "Hãy gửi ít nhất một trong hai danh sách: video đề xuất hoặc từ khóa tìm kiếm.",
    "input.not_optional": "Không thể bỏ qua bước này.",
    "input.text_expected": "Vui lòng gửi nội dung dưới dạng tin nhắn văn bản.",
    # promo and gift codes (issue 14): customers (Balance → Redeem a code; Have a code? on the summary card)
    "code.redeem": "🎁 Nhập mã quà tặng",
    "code.ask_gift": "🎁 Gửi mã quà tặng của bạn:",
    "code.credited": "🎁 Mã <b>{code}</b>: đã cộng {amount} vào ví. Số dư: <b>{balance}</b>.",
    "code.ask_discount": "🏷 Gửi mã giảm giá của bạn (hoặc bấm Quay lại):",
    "code.applied": "✅ Đã áp dụng mã <b>{code}</b>.",
    "code.price": "<s>{before}</s> → {after} (mã {code})",
    "code.without": "Đây là giá khi không có mã.",
    "code.nothing_charged": "Chưa trừ tiền. Vui lòng kiểm tra lại và xác nhận lần nữa.",
    "code.unknown": "Không có mã “{code}”. Vui lòng kiểm tra và thử lại.",
    "code.expired": "Mã {code} đã hết hạn.",
    "code.used_up": "Mã {code} đã hết lượt dùng.",
    "code.off": "Mã {code} không còn hiệu lực.",
    "code.already": "Bạn đã dùng mã {code} rồi.",
    "code.not_here": "Mã {code} không áp dụng cho dịch vụ này.",
    "code.not_gift": "Mã {code} là mã giảm giá: hãy nhập ở bước xác nhận đơn (Có mã giảm giá?).",
    "code.not_discount": "Mã {code} là mã quà tặng: hãy nhập ở Số dư → Nhập mã quà tặng.",
    "code.slowed": "Bạn đã nhập sai quá nhiều lần. Vui lòng đợi {minutes} phút rồi thử lại.",
    # promo and gift codes (issue 14): admins (/code)
    "code.created": "🏷 Đã tạo: {line}",
    "code.list": "🏷 <b>Danh sách mã</b>",
    "code.none": "Chưa có mã nào. /code new … để tạo mã.",
    "code.line": "<code>{code}</code> · {what} · đã dùng {used}{limit} · {until} · {state}",
    "code.gift_value": "quà tặng {amount}",
    "code.discount_value": "giảm {percent}%",
    "code.on_service": " cho dịch vụ #{id}",
    "code.on_category": " cho danh mục {id}",
    "code.until": "đến hết {date}",
    "code.no_end": "không hết hạn",
    "code.state_on": "đang bật",
    "code.state_off": "đã tắt",
    "code.turned_off": "Đã tắt mã {code}: khách hàng không dùng được nữa.",
    "code.show": "🏷 {line}\n<b>Người đã dùng</b>\n{uses}\nTổng đã tặng: <b>{total}</b>",
    "code.use": "• {user} · {when} · {amount}{order}",
    "code.use_order": " · đơn #{id}",
    "code.bad_name": "“{text}” không dùng làm mã được: dùng 3–32 chữ cái, chữ số, - hoặc _.",
    "code.bad_kind": "“{text}” không phải loại mã: gift hoặc discount.",
    "code.bad_percent": "“{text}” không phải phần trăm hợp lệ: lớn hơn 0, tối đa 100.",
    "code.bad_uses": "“{text}” không phải số lượt dùng: một số nguyên từ 1.",
    "code.bad_date": "“{text}” không phải ngày: hãy ghi YYYY-MM-DD.",
    "code.past_date": "Ngày {date} đã qua.",
    "code.gift_scope": "Mã quà tặng cộng vào ví: không kèm dịch vụ hay danh mục.",
    "code.bad_option": "“{text}” không phải tùy chọn: uses N, until YYYY-MM-DD, service ID, category ID.",
    "code.twice": "“{option}” bị ghi hai lần.",
    "code.one_scope": "Mã giảm giá dành cho một dịch vụ hoặc một danh mục, không phải cả hai.",
    "code.exists": "Mã {code} đã tồn tại (/code show {code}). Không có gì thay đổi.",
    "code.no_code": "Không có mã “{text}”.",
    "code.already_off": "Mã {code} đã tắt rồi.",
    # my orders
    "orders.title": "📦 <b>Đơn của bạn</b> (mới nhất trước):",
    "orders.item": "#{id} · {service} · {status}",
    "orders.detail": (
        "📦 <b>Đơn #{id}</b>\n"
        "Dịch vụ: {service}\n"
        "Liên kết: {link}\n"
        "Số lượng: {quantity}\n"
        "Trạng thái: <b>{status}</b>\n"
        "Tiến độ: {progress}\n"
        "Số lượng lúc bắt đầu: {start_count}\n"
        "Đã thanh toán: {price}\n"
        "Ngày đặt: {created}"
        "{refill}"
    ),
    "orders.refresh": "🔄 Cập nhật",
    "orders.back": "⬅️ Đơn của tôi",
    "orders.not_found": "Không tìm thấy đơn hàng.",
    "orders.refresh_failed": "Nhà cung cấp hiện không phản hồi; đây là trạng thái gần nhất.",
    "orders.panel_slow": "Nhà cung cấp đang phản hồi chậm, đây là trạng thái gần nhất. Vui lòng thử lại sau vài phút.",
    "orders.unknown": "—",
    "status.placing": "Đang đặt",
    "status.uncertain": "Đang kiểm tra",
    "status.refused": "Chưa đặt được (đã hoàn tiền)",
    "status.pending": "Chờ xử lý",
    "status.in_progress": "Đang chạy",
    "status.completed": "Hoàn thành",
    "status.partial": "Hoàn thành một phần",
    "status.canceled": "Đã hủy",
    "status.failed": "Lỗi (đang kiểm tra)",
    "status.unknown": "{raw}",
    # pushes
    "push.order": "📦 Đơn <b>#{id}</b> — <b>{status}</b>, {progress}\n{service}",
    "push.refund": "💸 {amount} đã được hoàn vào ví của bạn.",
    "push.view": "Xem đơn #{id}",
    "push.refill_completed": "♻️ Bảo hành cho đơn <b>#{id}</b> đã hoàn thành.",
    "push.refill_rejected": "♻️ Yêu cầu bảo hành cho đơn <b>#{id}</b> không được nhà cung cấp chấp nhận.",
    # refills and cancel
    "orders.refill": "♻️ Bảo hành",
    "orders.cancel": "✖️ Hủy đơn",
    "orders.refill_all": "♻️ Bảo hành tất cả đơn đủ điều kiện",
    "orders.refill_sent": "♻️ Đã gửi yêu cầu bảo hành cho đơn #{id}. Chúng tôi sẽ báo kết quả cho bạn.",
    "orders.refill_all_sent": "♻️ Đã gửi yêu cầu bảo hành cho {count} đơn. Chúng tôi sẽ báo kết quả cho bạn.",
    "orders.refill_none": "Hiện không có đơn nào có thể bảo hành.",
    "orders.refill_unsupported": "Nhà cung cấp này không hỗ trợ bảo hành.",
    "orders.refill_refused": "Nhà cung cấp không nhận yêu cầu bảo hành: {reason}",
    "orders.cancel_sent": "Đã gửi yêu cầu hủy đơn #{id}. Khi nhà cung cấp xác nhận, tiền sẽ được hoàn vào ví của bạn.",
    "orders.cancel_refused": "Nhà cung cấp không thể hủy đơn này: {reason}",
    "orders.panel_busy": "Nhà cung cấp hiện không phản hồi. Vui lòng thử lại sau một phút.",
    "refusal.not_eligible": "đơn này hiện chưa thể bảo hành hoặc hủy",
    "refusal.order_not_found": "nhà cung cấp không tìm thấy đơn này",
    "refusal.rate_limited": "quá nhiều yêu cầu, vui lòng thử lại sau một phút",
    "refusal.other": "vui lòng thử lại sau",
    "refusal.no_refills": "nhà cung cấp này không hỗ trợ bảo hành",
    "refusal.no_cancel": "nhà cung cấp này không hỗ trợ hủy đơn",
    # admin notices
    "admin.new_order": "🆕 Đơn <b>#{id}</b> của {user}: {service} × {quantity} giá {price}\n{link}",
    "admin.new_order_at": (
        "🆕 Đơn <b>#{id}</b> của {user}: {service} × {quantity} giá {price}\n{link}\n"
        "🏭 Trên {provider_service} · lãi {margin}{tried}"
    ),
    "admin.failed_over": "\n↪️ Đã chuyển nhà cung cấp sau:\n{attempts}",
    "admin.refused": "❌ Đơn <b>#{id}</b> của {user} bị hệ thống từ chối và đã hoàn tiền: {error}\n{service} × {quantity}",
    "admin.uncertain": (
        "⚠️ Đơn <b>#{id}</b> của {user} chưa rõ đã được tạo trên hệ thống <b>{provider}</b> hay chưa ({error}). "
        "Khoản {price} của khách đang được giữ. Kiểm tra {service} × {quantity} cho {link} trên hệ thống đó "
        "(dịch vụ <code>{provider_service}</code>) rồi chọn:"
    ),
    "admin.flagged": "🚩 Đơn <b>#{id}</b> (hệ thống {provider} #{panel_id}): hệ thống trả lời “{error}” {count} lần liên tiếp.",
    "admin.unsupported": (
        "🚫 Hệ thống không có chức năng <b>{action}</b> (nhà cung cấp <b>{provider}</b>; trả lời “{error}”). "
        "Khách hàng không còn thấy chức năng này với các đơn của nhà cung cấp này; cửa hàng sẽ hỏi lại sau {hours} giờ."
    ),
    "admin.catalog": "📚 Đã đồng bộ dịch vụ: {added} mới, {removed} bị gỡ, {repriced} đổi giá.\n{changes}\n{disabled}",
    "admin.catalog_of": "📚 Đã đồng bộ dịch vụ của <b>{provider}</b>: {added} mới, {removed} bị gỡ, {repriced} đổi giá.\n{changes}\n{disabled}",
    "admin.panel_short": "💸 Một đơn {service} chưa được gửi: giá trên hệ thống {cost}, số dư hệ thống {balance}.",
    "admin.fallback_too_dear": (
        "💸 Dự phòng {fallback} của {service} bị bỏ qua: giá ở đó {shop_cost}, cao hơn giá bán {price}. "
        "Hãy đổi tuyến hoặc giá để dùng nó."
    ),
    "admin.balance_low": "🔻 Số dư hệ thống thấp: {balance} {currency} (ngưỡng {threshold}). Đủ dùng khoảng {runway} giờ theo mức tiêu 24 giờ qua.",
    "admin.balance_still_low": "🔻 Số dư hệ thống vẫn thấp: {balance} {currency} (ngưỡng {threshold}). Còn khoảng {runway} giờ.",
    "admin.balance_recovered": "✅ Số dư hệ thống đã được nạp lại: {balance} {currency}.",
    "admin.balance_unreachable": "📵 Hệ thống không phản hồi đã {minutes} phút: {reason}",
    "admin.balance_back": "📶 Hệ thống đã phản hồi trở lại.",
    "admin.provider_balance_low": "🔻 Số dư hệ thống <b>{provider}</b> thấp: {balance} {currency} (ngưỡng {threshold}). Đủ dùng khoảng {runway} giờ theo mức tiêu 24 giờ qua.",
    "admin.provider_balance_still_low": "🔻 Số dư hệ thống <b>{provider}</b> vẫn thấp: {balance} {currency} (ngưỡng {threshold}). Còn khoảng {runway} giờ.",
    "admin.provider_balance_recovered": "✅ Số dư hệ thống <b>{provider}</b> đã được nạp lại: {balance} {currency}.",
    "admin.provider_balance_unreachable": "📵 Hệ thống <b>{provider}</b> không phản hồi đã {minutes} phút: {reason}",
    "admin.provider_balance_back": "📶 Hệ thống <b>{provider}</b> đã phản hồi trở lại.",
    "admin.btn_placed": "✅ Đã tạo trên hệ thống với mã #…",
    "admin.btn_not_placed": "↩️ Chưa tạo: hoàn tiền",
    # wallet, deposits, stars
    "balance.history": "Thay đổi gần đây:",
    "deposit.ask": "💳 Bạn muốn nạp bao nhiêu? Gửi số tiền từ {min} đến {max}.",
    "deposit.bad_amount": "Vui lòng gửi số tiền nguyên từ {min} đến {max}.",
    "deposit.sent": "🧾 Yêu cầu <b>#{id}</b> nạp {amount} đã được gửi tới quản trị viên.\n{instructions}\nVí của bạn được cộng ngay khi thanh toán được xác nhận.",
    "deposit.cancelled": "Không có yêu cầu nạp tiền nào.",
    "stars.button": "⭐ Thanh toán bằng Telegram Stars",
    "stars.choose": "⭐ Chọn số Stars muốn thanh toán:",
    "stars.title": "Nạp ví",
    "stars.description": "Cộng {amount} vào ví của bạn.",
    "stars.refused": "Không thể nhận thanh toán này. Vui lòng bắt đầu lại từ mục Số dư.",
    "stars.credited": "✅ Đã nhận thanh toán: {amount} đã được cộng vào ví.",
    "push.credited": "💰 {amount} đã được cộng vào ví của bạn. {note}",
    "push.debited": "💰 {amount} đã được trừ khỏi ví của bạn. {note}",
    "push.admin_refund": "💸 Đơn <b>#{id}</b> đã được hoàn tiền: {amount} đã về ví của bạn.",
    "push.resolved_placed": "✅ Đơn <b>#{id}</b> đã được xác nhận và đang chạy.",
    "push.resolved_refunded": "↩️ Đơn <b>#{id}</b> không đặt được: {amount} đã về ví của bạn.",
    "push.deposit_approved": "✅ Yêu cầu nạp <b>#{id}</b> đã được duyệt: {amount} đã được cộng vào ví.",
    "push.deposit_rejected": "❌ Yêu cầu nạp <b>#{id}</b> ({amount}) không được duyệt.",
    # referral rewards: the Invite friends screen and the inviter's push
    "invite.text": (
        "🎁 <b>Mời bạn bè</b>\n\n"
        "Chia sẻ liên kết của bạn. Bạn bè mở cửa hàng lần đầu qua liên kết này sẽ là người bạn mời: bạn nhận "
        "<b>{percent}%</b> số tiền họ trả cho các đơn đã giao, cộng thẳng vào ví.\n\n"
        "{link}\n\n"
        "Đã tham gia qua liên kết: <b>{joined}</b>\nĐã nhận: <b>{earned}</b>"
    ),
    "invite.share": "📤 Chia sẻ liên kết",
    "invite.share_text": "Tăng tương tác mạng xã hội với cửa hàng này:",
    "invite.off": "Hiện chưa mở chương trình mời bạn bè.",
    "push.referral": "🎁 Một người bạn bạn mời đã thanh toán đơn đã giao: {amount} đã được cộng vào ví của bạn.",
    "maintenance": "🛠 Cửa hàng đang bảo trì trong ít phút. Vui lòng quay lại sau.",
    "unknown_command": "Xin lỗi, tôi không hiểu lệnh này. Gửi /start để mở menu hoặc /help.",
    # admin
    "admin.audit": "📝 Quản trị viên {admin}: {action} — {details}",
    "admin.deposit": "💳 Yêu cầu nạp <b>#{id}</b> từ {user}: {amount}",
    "admin.stars": "⭐ {user} đã trả {stars} Stars: cộng {amount}.",
    "admin.btn_approve": "✅ Duyệt",
    "admin.btn_reject": "❌ Từ chối",
    "admin.deposit_done": "Đã {state} bởi {admin}.",
    "admin.deposit_decided": "➡️ #{id} {state} bởi {admin}.",
    "admin.panel_error": "Hệ thống không phản hồi: {error}",
    "admin.panel_unreachable": "Chưa biết số dư hệ thống: hệ thống không phản hồi.",
    "admin.pbalance": "🏦 Số dư hệ thống: <b>{balance}</b> (cảnh báo khi dưới {threshold})",
    "admin.settled": "➡️ #{id} đã xử lý thành {state} bởi {admin}.",
    "admin.pbalance_no_alert": "🏦 Số dư hệ thống: <b>{balance}</b> (tắt cảnh báo số dư thấp)",
    "admin.pbalance_stale": "<i>Số dư gần nhất: hệ thống đang phản hồi chậm; vui lòng thử lại sau.</i>",
    "admin.pbalances": "🏦 Số dư các hệ thống (vừa hỏi):",
    "admin.pbalance_line": "• <b>{provider}</b>: {balance} ({alert})",
    "admin.pbalance_alert": "cảnh báo khi dưới {threshold}",
    "admin.pbalance_alert_off": "tắt cảnh báo số dư thấp",
    "admin.pbalance_low": " 🔻 thấp",
    "admin.pbalance_no_answer": " 📵 không phản hồi: số dư gần nhất",
    "admin.stats": (
        "📊 <b>{period}</b>\nKhách mới: {customers}\nĐơn: {orders}\nDoanh thu: {turnover}\n"
        "Hoàn tiền: {refunds}\nChi phí hệ thống: {cost}\nLợi nhuận: <b>{margin}</b>"
    ),
    "admin.stats_chart": "Đơn và doanh thu theo ngày, {period}",
    "admin.stats_by_provider": "<b>Theo hệ thống</b>",
    "admin.stats_provider": "• <b>{provider}</b>: doanh thu {turnover}, chi phí {cost}, lợi nhuận {margin}",
    "admin.stats_referrals": "Thưởng giới thiệu đã trả: {amount}",
    "admin.referrals": "🎁 <b>Giới thiệu, {days} ngày qua</b>\nThưởng đã trả: <b>{paid}</b> (mức {percent}%)\n\n{lines}",
    "admin.referrals_line": "• {user}: {joined} người tham gia · {period} trong kỳ · tổng {total}",
    "admin.referrals_none": "Chưa ai mời được ai.",
    "admin.referrals_off": "\n\n<i>Thưởng giới thiệu đang tắt (REFERRAL_PERCENT=0).</i>",
    "admin.referrals_bad_days": "Vui lòng nhập số ngày từ 1 đến {max}.",
    "admin.user_referrals": "Người mời: {inviter} · đã mời: {invited}",
    "admin.chart_period.today": "hôm nay",
    "admin.chart_period.7d": "7 ngày qua",
    "admin.chart_period.30d": "30 ngày qua",
    "admin.chart_period.all": "từ đơn đầu tiên",
    "admin.chart_orders": "Đơn",
    "admin.chart_revenue": "Doanh thu ({currency})",
    "admin.order_extra": "Khách: {user} · mã hệ thống: {panel_id} · trạng thái: {state}\nGhi chú: {error}",
    "admin.order_provider": "Nhà cung cấp: {provider} · dịch vụ của họ: {provider_service} · lãi: {margin}",
    "admin.order_attempts": "<b>Các lần gửi</b>\n{attempts}",
    "admin.attempt": "• {ref} — {outcome}{detail}",
    "admin.attempt_at": "{time} {attempt}",
    "admin.no_attempts": "chưa có",
    "attempt.placed": "đã tạo đơn",
    "attempt.refused": "bị từ chối",
    "attempt.not_sent": "không gửi được (không kết nối)",
    "attempt.uncertain": "không rõ kết quả: chờ quản trị viên",
    "attempt.skipped_balance": "bỏ qua: số dư không đủ",
    "attempt.skipped_cost": "bỏ qua: giá cao hơn giá bán",
    "attempt.skipped_unavailable": "bỏ qua: nhà cung cấp tắt, dịch vụ không còn hoặc số lượng ngoài giới hạn",
    "admin.user": (
        "👤 <b>{name}</b> ({id}, @{username})\nVí: <b>{balance}</b> · bị chặn: {banned}\n"
        "<b>Đơn</b>\n{orders}\n<b>Sổ ví</b>\n{ledger}"
    ),
    "admin.adjusted": "Xong. Ví hiện có {balance}.",
    "admin.refunded": "Đã hoàn {amount}.",
    "admin.resolved": "Đơn #{id} giờ là {state}.",
    "admin.markup_global": "Lợi nhuận chung: {value}%",
    "admin.saved": "Đã lưu.",
    "admin.price_set": "Dịch vụ #{id}: giá cố định {price}.",
    "admin.service": "#{id} {name}: bật {enabled}, hiển thị {listed}.",
    "admin.synced": "Đã đồng bộ: {total} dịch vụ ({added} mới, {removed} bị gỡ, {repriced} đổi giá).",
    "route.title": "🧭 Tuyến của <b>#{id}</b> {name}\nGiá bán: {price} {per} · số lượng {min}–{max}",
    "route.per_1000": "mỗi 1000",
    "route.per_package": "mỗi gói",
    "route.primary": "Chính: {stop}",
    "route.fallback": "{n}. {stop}",
    "route.stop": "<code>{ref}</code> {name} · {cost} ({shop_cost}) · {min}–{max}",
    "route.below_cost": "bỏ qua: giá vốn cao hơn giá bán",
    "route.gone": "<code>{ref}</code> — không còn: nhà cung cấp đã tắt hoặc dịch vụ đã bị gỡ khỏi danh mục",
    "route.no_fallbacks": "Chưa có dự phòng: /route {id} add NCC:ID",
    "route.suggestions": "Gợi ý dự phòng (chỉ được thêm khi bạn bấm nút):",
    "route.add_button": "➕ Thêm {ref} làm dự phòng",
    "route.added": "Đã thêm {ref} làm dự phòng.",
    "route.partial_range": "{ref} chỉ nhận {min}–{max} (dịch vụ này: {wanted_min}–{wanted_max}): đơn ngoài khoảng đó bị từ chối ở đó và chuyển sang điểm tiếp theo.",
    "route.bad_ref": "“{text}” không có dạng NCC:ID (ví dụ backup:12).",
    "route.no_provider": "Không có nhà cung cấp đang bật tên “{provider}”. Các nhà cung cấp: {providers}.",
    "route.no_provider_service": "{ref} không có trong danh mục của nhà cung cấp đó (/sync đọc lại).",
    "route.is_primary": "{ref} đã là dịch vụ chính của #{id}.",
    "route.wrong_type": "{ref} thuộc loại {type}; #{id} cần loại {wanted}.",
    "route.no_overlap": "{ref} nhận {range}; #{id} bán {wanted}: không bao giờ phục vụ được đơn nào.",
    "route.already": "{ref} đã có trong tuyến của #{id}.",
    "route.not_on_route": "{ref} không có trong tuyến của #{id}.",
    "route.order_mismatch": "Hãy liệt kê mỗi dự phòng của #{id} đúng một lần, theo thứ tự mới. Hiện tại: {current}",
    "admin.sync_failed": "Không đọc được hệ thống; danh mục đã lưu vẫn hoạt động.",
    "admin.banned": "Đã chặn người dùng {id}.",
    "admin.unbanned": "Đã bỏ chặn người dùng {id}.",
    "admin.maintenance_on": "Đã bật chế độ bảo trì: khách thấy thông báo, quản trị viên vẫn làm việc bình thường.",
    "admin.maintenance_off": "Đã tắt chế độ bảo trì.",
    "admin.lowbalance": "Ngưỡng cảnh báo số dư thấp: {amount}.",
    "admin.lowbalance_of": "Ngưỡng cảnh báo số dư thấp của hệ thống <b>{provider}</b>: {amount}.",
    "admin.lowbalance_no_provider": "Không có hệ thống “{text}” (các hệ thống: {providers}).",
    "admin.ask_panel_id": "Gửi mã đơn trên hệ thống {provider} cho đơn #{id} (hoặc /cancel).",
    "admin.cancelled": "Đã hủy.",
    "admin.broadcast_ask": "Gửi nội dung cần thông báo tới mọi khách hàng (hoặc /cancel).",
    "admin.broadcast_preview": "📣 Gửi tới {count} khách:\n\n{text}",
    "admin.broadcast_progress": "📣 Đang gửi… đã gửi {sent}, lỗi {failed}, trên {total}.",
    "admin.broadcast_done": "📣 Đã gửi xong: {sent} thành công, {failed} lỗi, trên {total}.",
    "admin.bad_amount": "“{text}” không phải số tiền hợp lệ.",
    "admin.amount_unit": "“{text}” nhỏ hơn đơn vị {currency} cho phép: đơn vị nhỏ nhất là {unit}.",
    "admin.no_user": "Không có khách “{text}”.",
    "admin.no_order": "Không có đơn “{text}”.",
    "admin.no_service": "Không có dịch vụ “{text}”.",
    "admin.no_category": "Không có danh mục “{text}”.",
    "admin.debit_too_much": "Ví chỉ còn {balance}.",
    "admin.nothing_to_refund": "Đơn #{id} không còn gì để hoàn.",
    "admin.not_uncertain": "Đơn #{id} đang ở trạng thái {state}, không phải chưa rõ.",
    "admin.panel_id_taken": "Mã hệ thống {panel_id} đã thuộc về đơn #{id}.",
    "admin.bad_platform": "Nền tảng không hợp lệ. Có: {platforms}.",
    "admin.bad_period": "Khoảng thời gian: {periods}.",
    "usage.pbalance": "Cách dùng: /pbalance",
    "usage.stats": "Cách dùng: /stats [today|7d|30d|all]",
    "usage.order": "Cách dùng: /order SỐ_ĐƠN",
    "usage.user": "Cách dùng: /user ID hoặc /user @tên",
    "usage.referrals": "Cách dùng: /referrals [SỐ_NGÀY] (mặc định 30)",
    "usage.credit": "Cách dùng: /credit KHÁCH SỐ_TIỀN ghi_chú",
    "usage.debit": "Cách dùng: /debit KHÁCH SỐ_TIỀN ghi_chú",
    "usage.refund": "Cách dùng: /refund SỐ_ĐƠN",
    "usage.resolve": "Cách dùng: /resolve SỐ_ĐƠN placed MÃ_HỆ_THỐNG, hoặc /resolve SỐ_ĐƠN failed",
    "usage.markup": "Cách dùng: /markup · /markup PHẦN_TRĂM · /markup category TÊN PHẦN_TRĂM · /markup service ID PHẦN_TRĂM (off để xóa)",
    "usage.price": "Cách dùng: /price MÃ_DỊCH_VỤ GIÁ (cho 1000) hoặc /price MÃ_DỊCH_VỤ off",
    "usage.service": "Cách dùng: /service ID on|off · /service ID rename TÊN MỚI · /service ID lists on|off",
    "usage.platform": "Cách dùng: /platform DANH_MỤC NỀN_TẢNG (hoặc any)",
    "usage.sync": "Cách dùng: /sync",
    "usage.route": "Cách dùng: /route DỊCH_VỤ · /route DỊCH_VỤ add|remove NHÀ_CUNG_CẤP:ID · /route DỊCH_VỤ order NCC:ID NCC:ID …",
    "usage.ban": "Cách dùng: /ban KHÁCH",
    "usage.unban": "Cách dùng: /unban KHÁCH",
    "usage.maintenance": "Cách dùng: /maintenance on|off",
    "usage.lowbalance": "Cách dùng: /lowbalance [HỆ_THỐNG] SỐ_TIỀN, theo tiền tệ của hệ thống đó (0 để tắt cảnh báo; không ghi HỆ_THỐNG: main)",
    "usage.code": "Cách dùng: /code new MÃ gift SỐ_TIỀN [uses N] [until YYYY-MM-DD] · /code new MÃ discount PHẦN_TRĂM [uses N] [until YYYY-MM-DD] [service ID|category ID] · /code list · /code show MÃ · /code off MÃ",
    "cancel.nothing": "Không có gì để hủy. Đây là menu.",
    "admin.failed": "🚩 Đơn <b>#{id}</b> (hệ thống {provider} #{panel_id}) báo “{error}”: vẫn tiếp tục theo dõi; chưa hoàn tiền cho tới khi hệ thống báo Canceled hoặc Partial.",
    "admin.partial_unknown": "🚩 Đơn <b>#{id}</b> kết thúc Partial nhưng không cho biết số đã chạy: không tự hoàn tiền. Hãy xử lý bằng /refund hoặc /credit.",
    "orders.late": "⏳ Đơn đang chạy lâu hơn bình thường — chúng tôi đang theo dõi sát.",
    "admin.late": "⏳ Đơn <b>#{id}</b> (hệ thống {provider} #{panel_id}, {service}) chạy lâu hơn bình thường: đã {elapsed} kể từ khi đặt, thường mất {typical}. Vẫn tiếp tục theo dõi.",
    "admin.unknown_status": "❓ Đơn <b>#{id}</b> (hệ thống {provider} #{panel_id}): hệ thống trả trạng thái “{status}” {count} lần đồng bộ liên tiếp, bot không biết trạng thái này. Không hoàn tiền hay hoàn tất gì cho tới khi hệ thống báo trạng thái bot biết.",
    "admin.silent": "🔕 Đơn <b>#{id}</b> (hệ thống {provider} #{panel_id}): hệ thống không có tin mới trong {since} (trả lời “{answer}”). Từ giờ bot hỏi thưa dần, tối đa mỗi giờ một lần; nút Làm mới vẫn hỏi ngay.",
    "admin.order_timing": "Thời gian thường: {typical} ({basis}) · đã chạy: {elapsed} · trễ sau {late_after}",
    "admin.timing_learned": "trung vị {count} đơn hoàn thành gần nhất",
    "admin.timing_default": "mặc định",
    "admin.timing_late": "⏳ trễ",
    # the customer's first hour: support, top-ups from the card, hints, times, receipts
    "support.button": "💬 Liên hệ hỗ trợ",
    "support.if_paid": "Nếu bạn đã thanh toán, hãy bấm Liên hệ hỗ trợ.",
    # --- support tickets (the Support button, the admins' answers, /tickets) ---
    "menu.support": "🆘 Hỗ trợ",
    "support.ask": "✍️ Viết câu hỏi của bạn trong một tin nhắn — chữ, hoặc ảnh kèm chú thích. Quản trị viên sẽ trả lời bạn tại đây.",
    "support.ask_order": "Về đơn <b>#{id}</b>.",
    "support.opened": "✅ Phiếu hỗ trợ <b>#{id}</b> đã gửi đến quản trị viên: họ sẽ trả lời bạn tại đây. Tin nhắn bạn viết tiếp sẽ được thêm vào phiếu này.",
    "support.added": "✅ Đã thêm vào phiếu <b>#{id}</b>.",
    "support.cancelled": "Chưa gửi gì cả.",
    "support.close_mine": "✅ Đóng phiếu #{id}",
    "support.new": "🆕 Phiếu mới",
    "support.line": "#{id} — {state}",
    "support.live": "🆘 <b>Phiếu hỗ trợ đang mở</b>\n{tickets}\n\nViết tại đây, tin nhắn sẽ được thêm vào phiếu <b>#{id}</b>.",
    "support.state_open": "đang chờ trả lời",
    "support.state_answered": "đã trả lời",
    "support.state_closed": "đã đóng",
    "support.closed_mine": "✅ Phiếu <b>#{id}</b> đã đóng. Cảm ơn bạn!",
    "support.closed_before": "Phiếu #{id} đã đóng rồi.",
    "support.answer": "💬 <b>Hỗ trợ</b> đã trả lời phiếu <b>#{id}</b> của bạn:",
    "support.close": "✅ Đóng",
    "support.closed_push": "✅ Phiếu <b>#{id}</b> của bạn đã được bộ phận hỗ trợ đóng. Bấm Hỗ trợ trong menu nếu bạn cần thêm gì.",
    "support.reply": "↩️ Trả lời",
    "support.notice_new": "🆘 Phiếu mới <b>#{id}</b> từ {user}",
    "support.notice_more": "🆘 Phiếu <b>#{id}</b>: {user} viết thêm",
    "support.notice_order": "Đơn <b>#{id}</b> · {service} · {state}",
    "support.notice_no_order": "Không nêu đơn nào.",
    "support.reply_ask": "✍️ Tin nhắn tiếp theo của bạn tại đây là câu trả lời cho phiếu #{id} (hoặc trả lời tin nhắn của phiếu). /cancel để dừng.",
    "support.closed_by": "✅ Phiếu #{id} đã được {admin} đóng; khách đã được báo.",
    "support.answered": "✅ Đã gửi cho khách (phiếu #{id}).",
    "support.reply_cancelled": "Đã thôi trả lời phiếu #{id}.",
    "support.list_none": "Không có phiếu nào đang mở.",
    "support.list_title": "🆘 <b>Phiếu đang mở</b> ({count}), chờ lâu nhất trước:",
    "support.list_order": " · đơn #{id} ({state})",
    "support.list_line": "#{id} · {state} · {user}{order} · tin cuối {last}",
    "support.too_many": "Bạn đã có {max} phiếu đang mở. Vui lòng chờ trả lời, hoặc đóng bớt một phiếu (Hỗ trợ trong menu).",
    "support.slow_down": "Bạn đang gửi quá nhanh. Vui lòng chờ một phút rồi gửi lại.",
    "support.empty": "Vui lòng viết câu hỏi bằng chữ, hoặc gửi ảnh kèm chú thích.",
    "support.too_long": "Tin nhắn quá dài: tối đa {max} ký tự. Vui lòng viết ngắn lại.",
    "support.text_or_photo": (
        "Hỗ trợ chỉ nhận chữ hoặc ảnh (kèm chú thích). Vui lòng viết tin nhắn, hoặc gửi ảnh chụp màn hình dưới dạng "
        "ảnh, không phải tệp. Chưa có gì được gửi."
    ),
    "support.unknown": "Không có phiếu #{id}.",
    "support.already_closed": "Phiếu #{id} đã đóng rồi.",
    # --- end of support tickets ---
    "funds.contact": "Bấm Liên hệ hỗ trợ để nạp tiền vào ví.",
    "deposit.no_instructions": "Quản trị viên sẽ hướng dẫn bạn cách thanh toán.",
    "order.summary_wallet": "Ví: {balance} → {after}",
    "order.summary_wallet_short": "Ví: {balance}",
    "order.funds_covered": "✅ Ví của bạn đã đủ cho đơn này.",
    "order.on_card": "⚠️ Đơn của bạn đang chờ ở phiếu bên dưới: bấm Xác nhận để đặt, hoặc Quay lại để sửa.",
    "order.on_card_short": "⚠️ Đơn của bạn đang chờ ở phiếu bên dưới: bấm Nạp tiền, hoặc Quay lại để sửa.",
    "hint.free_text": "🙂 Mình làm việc qua các nút bên dưới. Hãy chọn việc bạn muốn làm (hoặc gửi /help):",
    "time.today": "hôm nay {time}",
    "time.yesterday": "hôm qua {time}",
    "time.date": "{date} {time}",
    "order.card_comments": "<b>#{id} {name}</b>\n💵 {price} cho 1000 bình luận ({each} mỗi bình luận) · {min}–{max}\n♻️ Bảo hành: {refill}",
    "order.refill_days": "{days} ngày",
    "order.receipt": (
        "✅ Đã đặt đơn <b>#{id}</b>.\n"
        "Dịch vụ: {service}\n"
        "Liên kết: {link}\n"
        "Số lượng: {quantity}\n"
        "Đã trả: <b>{price}</b>\n"
        "Ví còn: {balance}"
        "{expected}\n"
        "Chúng tôi sẽ nhắn cho bạn khi đơn có tiến triển."
    ),
    "order.expected": "\n⏱ Thường xong trong khoảng ~{typical}.",
    "order.again": "🔁 Đặt lại",
    "orders.no_change": "Không có thay đổi từ {time}.",
    "orders.refill_window": "\n♻️ Bảo hành: {days} ngày",
    # owner set-up
    "menu.admin": "🛠 Quản trị",
    "admin.welcome": "🛠 Bạn quản lý cửa hàng này: <b>Quản trị</b> liệt kê các lệnh, /setup cho biết còn thiếu gì.",
    "admin.guide": (
        "🛠 <b>Lệnh quản trị</b>\n\n"
        "<b>Thiết lập</b>\n"
        "/setup — những gì đã đặt và còn thiếu\n"
        "/setgroup — gửi trong một nhóm: nhóm đó thành nhóm quản trị\n\n"
        "<b>Tiền</b>\n"
        "/credit ID SỐ_TIỀN ghi_chú — cộng vào ví khách\n"
        "/debit ID SỐ_TIỀN ghi_chú — trừ từ ví khách\n"
        "/refund N — hoàn tiền đơn N\n"
        "/code new|list|show|off … — mã quà tặng và mã giảm giá (/code: cách dùng)\n"
        "/resolve N placed MÃ_HỆ_THỐNG|failed — xử lý đơn hệ thống có thể đã nhận\n\n"
        "<b>Khách hàng và đơn</b>\n"
        "/order N — một đơn, trạng thái và thời gian\n"
        "/user ID|@tên — ví, đơn và sổ cái của khách\n"
        "/referrals [SỐ_NGÀY] — người mời nhiều nhất và thưởng đã trả\n"
        "/ban ID · /unban ID — chặn hoặc bỏ chặn khách\n"
        "/broadcast — gửi tin cho mọi khách\n"
        "/tickets — phiếu hỗ trợ đang chờ, lâu nhất trước (trả lời tin nhắn của phiếu để trả lời khách)\n\n"
        "<b>Danh mục và giá</b>\n"
        "/markup [PHẦN_TRĂM | category TÊN PHẦN_TRĂM | service ID PHẦN_TRĂM] — mức lời (off để xóa)\n"
        "/price DỊCH_VỤ GIÁ|off — giá cố định cho dịch vụ\n"
        "/service ID on|off|rename TÊN|lists on|off — bật, tắt, đổi tên hoặc ẩn dịch vụ\n"
        "/platform DANH_MỤC NỀN_TẢNG|any — danh mục nhận link nào\n"
        "/route DỊCH_VỤ [add|remove NCC:ID | order …] — các nhà cung cấp phục vụ một dịch vụ, theo thứ tự\n"
        "/sync — đọc danh mục từ hệ thống ngay\n\n"
        "<b>Hệ thống và cửa hàng</b>\n"
        "/pbalance — số dư từng hệ thống, hỏi ngay\n"
        "/stats [today|7d|30d|all] — doanh thu, lợi nhuận và đơn\n"
        "/lowbalance [HỆ_THỐNG] SỐ_TIỀN — báo khi số dư một hệ thống xuống dưới mức này\n"
        "/maintenance on|off — tạm dừng đặt hàng của khách"
    ),
    "owner.claimed": (
        "🔑 Bạn là chủ cửa hàng này.\n\n"
        "Tiếp theo: thêm tôi vào nhóm quản trị của bạn và gửi /setgroup trong nhóm — đơn mới, yêu cầu nạp tiền "
        "và cảnh báo sẽ gửi đến đó. /setup cho biết những gì đã đặt và còn thiếu."
    ),
    "owner.claim_refused": "Xin lỗi, mã này không hợp lệ.",
    "owner.group_set": "✅ Nhóm này giờ là nhóm quản trị: thông báo của cửa hàng sẽ đến đây. /setup cho biết còn thiếu gì.",
    "owner.group_setting_wins": "ADMIN_CHAT_ID đã được đặt ({chat}) và vẫn là nhóm quản trị. Xóa nó để chọn nhóm bằng /setgroup.",
    "owner.group_private": "Thêm tôi vào nhóm bạn muốn làm nhóm quản trị và gửi /setgroup trong nhóm đó.",
    "setup.title": "🧭 <b>Thiết lập</b>",
    "setup.owner": "{id} (chủ)",
    "setup.admins": "✅ Quản trị viên: {ids}",
    "setup.claimed": "✅ Chủ: {id}, đã nhận bằng mã khởi động (mã đã hết hiệu lực)",
    "setup.claim_open": "⚠️ Chủ: chưa có — mã nhận quyền nằm trong log của bot",
    "setup.claim_unused": "✅ Chủ: không cần — ADMIN_IDS đã liệt kê quản trị viên",
    "setup.group": "✅ Nhóm quản trị: {chat} (đặt bằng {how})",
    "setup.group_missing": (
        "⚠️ Nhóm quản trị: chưa có — thông báo gửi riêng cho từng quản trị viên. "
        "Thêm tôi vào nhóm quản trị và gửi /setgroup trong nhóm."
    ),
    "setup.payment": "✅ Hướng dẫn thanh toán: đã đặt",
    "setup.payment_missing": "⚠️ Hướng dẫn thanh toán: thiếu — đặt PAYMENT_INSTRUCTIONS (khách thấy ở mục Nạp tiền)",
    "setup.stars": "✅ Telegram Stars: bật, 1 ⭐ = {rate}",
    "setup.stars_off": "➖ Telegram Stars: tắt (STARS_ENABLED=true để nhận)",
    "setup.sandbox": "⚠️ Hệ thống: sandbox có sẵn (chỉ đơn thử) — đặt PANEL_API_URL và PANEL_API_KEY",
    "setup.panel": "✅ Hệ thống: {host}",
}
