"""Vietnamese texts (Tiếng Việt)."""

TEXTS = {
    # menu
    "menu.title": "👋 Xin chào, <b>{name}</b>! Bạn muốn làm gì?",
    "menu.new_order": "🛒 Đơn hàng mới",
    "menu.orders": "📦 Đơn của tôi",
    "menu.balance": "💰 Số dư",
    "menu.help": "❓ Trợ giúp",
    "menu.language": "🌐 Ngôn ngữ",
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
    "error.generic": "😕 Đã có lỗi xảy ra. Vui lòng thử lại; nếu vẫn lỗi, hãy liên hệ hỗ trợ.",
    "error.stale": "Menu này đã hết hạn. Đây là menu mới.",
}
